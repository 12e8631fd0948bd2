import { LIMITS } from "@caihong/contracts/constants";
import { AutoComplete, Button, DatePicker, Flex, Form, Input } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { TAuditFilters } from "../../api/types";
import { DISPLAY_TIME_ZONE } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";

/** Entity types the platform audits today; free text is allowed for later modules. */
const KNOWN_ENTITY_TYPES = ["user", "role", "api_key", "session", "grid"];

interface AuditFilterValues {
  action?: string;
  entityType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** Start of a calendar day in Shanghai, as an ISO instant. */
function shanghaiDayStart(day: Dayjs, plusDays = 0): string {
  return dayjs.tz(day.format("YYYY-MM-DD"), DISPLAY_TIME_ZONE).add(plusDays, "day").toISOString();
}

/** Form values → API filters; the range's end day is included (the API's `to` is exclusive). */
export function toAuditFilters(values: AuditFilterValues): TAuditFilters {
  const [from, to] = values.range ?? [null, null];
  return {
    action: values.action?.trim() || undefined,
    entityType: values.entityType?.trim() || undefined,
    from: from ? shanghaiDayStart(from) : undefined,
    to: to ? shanghaiDayStart(to, 1) : undefined,
  };
}

/** Action prefix, entity type and date range. */
export function AuditFilters({ onApply }: { onApply: (filters: TAuditFilters) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<AuditFilterValues>();
  return (
    <Form<AuditFilterValues> form={form} onFinish={(values) => onApply(toAuditFilters(values))} style={{ marginBottom: 16 }}>
      <Flex wrap gap={8}>
        <Form.Item name="action" noStyle>
          <Input allowClear placeholder={t("audit.actionPlaceholder")} maxLength={LIMITS.search.max} style={{ flex: "1 1 180px", maxWidth: 240 }} data-testid="audit-filter-action" />
        </Form.Item>
        <Form.Item name="entityType" noStyle>
          <AutoComplete
            allowClear
            placeholder={t("audit.entityType")}
            aria-label={t("audit.entityType")}
            options={KNOWN_ENTITY_TYPES.map((value) => ({ value }))}
            style={{ flex: "1 1 140px", maxWidth: 180 }}
            data-testid="audit-filter-entity-type"
          />
        </Form.Item>
        <Form.Item name="range" noStyle>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ flex: "1 1 240px", maxWidth: 280 }} data-testid="audit-filter-range" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="audit-search">
          {t("common.search")}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onApply({});
          }}
          data-testid="audit-reset"
        >
          {t("common.reset")}
        </Button>
      </Flex>
    </Form>
  );
}
