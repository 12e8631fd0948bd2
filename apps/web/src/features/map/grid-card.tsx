import { CloseOutlined } from "@ant-design/icons";
import type { TGridDetail } from "@caihong/contracts";
import { GRID_TYPE_LABELS, MEMBERSHIP_ROLE_LABELS, PARTY_ORG_KIND_LABELS, STAFF_POST_LABELS, type TGridType } from "@caihong/contracts/constants";
import { GRID_LEVEL } from "@caihong/domain/grids";
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Space, Statistic, Tag, Typography } from "antd";
import { Link } from "react-router";
import { isApiError } from "../../api/client";
import { getGrid } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { useSession } from "../../app/session";
import { gridLevelLabel } from "../../components/grid-level";
import { useI18n } from "../../i18n/i18n";
import { formatArea } from "./format";
import { chainText } from "./grid-search";

function CardBody({ grid }: { grid: TGridDetail }) {
  const { t, label, locale } = useI18n();
  const { can } = useSession();
  const typeLabel = GRID_TYPE_LABELS[grid.type as TGridType];
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Space size={[0, 4]} wrap>
        <Tag color="blue">{gridLevelLabel(grid.level, label)}</Tag>
        {typeLabel && grid.level >= GRID_LEVEL.autonomous ? <Tag>{label(typeLabel)}</Tag> : null}
        {grid.validTo ? <Tag color="default">{t("map.card.retired")}</Tag> : null}
      </Space>
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 96 } }}
        items={[
          { key: "code", label: t("map.card.code"), children: <Typography.Text copyable data-testid="grid-card-code">{grid.code}</Typography.Text> },
          ...(grid.ancestors.length > 0 ? [{ key: "parent", label: t("map.card.parent"), children: chainText(grid.ancestors) }] : []),
          {
            key: "org",
            label: t("map.card.organisation"),
            children: grid.organisation ? (
              <span data-testid="grid-card-org">
                {can("party.read") ? <Link to={`/party-orgs/${grid.organisation.id}`}>{grid.organisation.name}</Link> : grid.organisation.name}
                <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }}>
                  {label(PARTY_ORG_KIND_LABELS[grid.organisation.kind])}
                </Typography.Text>
              </span>
            ) : (
              <Typography.Text type="danger" data-testid="grid-card-org">
                {t("map.card.noOrganisation")}
              </Typography.Text>
            ),
          },
          {
            key: "responsible",
            label: grid.level === GRID_LEVEL.micro ? t("map.card.responsible") : t("map.card.leaders"),
            children: (
              <span data-testid="grid-card-responsible">
                {grid.responsible.length === 0 ? (
                  <Typography.Text type="secondary">{t("common.none")}</Typography.Text>
                ) : (
                  grid.responsible.map((person) => (
                    <Tag key={`${person.personId}-${person.role}`} style={{ marginBlock: 2 }}>
                      {person.name} · {label(MEMBERSHIP_ROLE_LABELS[person.role])}
                    </Tag>
                  ))
                )}
              </span>
            ),
          },
          {
            key: "staff",
            label: t("map.card.staff"),
            children: (
              <span data-testid="grid-card-staff">
                {grid.staff.length === 0 ? (
                  <Typography.Text type="secondary">{t("common.none")}</Typography.Text>
                ) : (
                  grid.staff.map((person) => (
                    <Tag key={person.assignmentId} color="geekblue" style={{ marginBlock: 2 }}>
                      {label(STAFF_POST_LABELS[person.post])} · {person.name}
                    </Tag>
                  ))
                )}
              </span>
            ),
          },
          ...(grid.contactName || grid.contactPhoneMasked
            ? [{ key: "contact", label: t("map.card.contact"), children: [grid.contactName, grid.contactPhoneMasked].filter(Boolean).join(" · ") }]
            : []),
          ...(grid.areaM2 !== null ? [{ key: "area", label: t("map.card.area"), children: formatArea(grid.areaM2, locale) }] : []),
        ]}
      />
      <Row gutter={8} data-testid="grid-card-counts">
        {(
          [
            ["children", t("map.card.countChildren")],
            ["members", t("map.card.countMembers")],
            ["units", t("map.card.countUnits")],
            ["staff", t("map.card.countStaff")],
          ] as const
        ).map(([key, title]) => (
          <Col span={6} key={key}>
            <Statistic title={title} value={grid.counts[key]} styles={{ content: { fontSize: 20 } }} />
          </Col>
        ))}
      </Row>
      {can("units.read") ? (
        <Link to={`/units?gridId=${grid.id}`} data-testid="grid-card-units">
          {t("map.card.unitsLink", { count: grid.counts.units })}
        </Link>
      ) : null}
    </Space>
  );
}

/** The side card of the selected grid, read from GET /grids/:id. */
export function GridCard({ gridId, onClose }: { gridId: string; onClose: () => void }) {
  const { t } = useI18n();
  const state = useRequest(() => getGrid(gridId), [gridId]);
  return (
    <Card
      size="small"
      data-testid="grid-card"
      title={<span data-testid="grid-card-name">{!state.loading && state.data ? state.data.name : t("map.card.loading")}</span>}
      extra={<Button type="text" size="small" icon={<CloseOutlined />} aria-label={t("map.card.close")} onClick={onClose} data-testid="grid-card-close" />}
      styles={{ body: { maxHeight: "calc(100% - 40px)" } }}
      style={{ width: "100%", maxHeight: "100%", overflow: "auto", boxShadow: "0 6px 16px rgba(0,0,0,0.12)" }}
    >
      {state.error ? (
        <Flex vertical gap={8}>
          <Alert type="error" showIcon title={t("error.loadFailed")} description={isApiError(state.error) ? state.error.problem.detail : undefined} />
          <Button onClick={state.reload}>{t("common.retry")}</Button>
        </Flex>
      ) : state.loading || !state.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <CardBody grid={state.data} />
      )}
    </Card>
  );
}
