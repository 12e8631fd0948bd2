import type { TAuditEntry } from "@caihong/contracts";
import { Col, Row, Typography } from "antd";
import { useI18n } from "../../i18n/i18n";

function JsonBlock({ value }: { value: unknown }) {
  const { t } = useI18n();
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t("common.none")}</Typography.Text>;
  return <pre className="json-view">{JSON.stringify(value, null, 2)}</pre>;
}

/** Before and after of an audit entry, side by side (stacked on phones). */
export function AuditChange({ entry }: { entry: TAuditEntry }) {
  const { t } = useI18n();
  return (
    <Row gutter={[16, 12]} data-testid="audit-change" style={{ maxWidth: 1100 }}>
      <Col xs={24} md={12}>
        <Typography.Title level={5} style={{ fontSize: 13, margin: "0 0 4px" }}>
          {t("audit.before")}
        </Typography.Title>
        <JsonBlock value={entry.before} />
      </Col>
      <Col xs={24} md={12}>
        <Typography.Title level={5} style={{ fontSize: 13, margin: "0 0 4px" }}>
          {t("audit.after")}
        </Typography.Title>
        <JsonBlock value={entry.after} />
      </Col>
    </Row>
  );
}
