import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Table, Tag, Typography } from "antd";
import { isApiError } from "../../api/client";
import { getTopologyReport, type TGridProblem } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { LoadError } from "../../components/status-pages";
import { formatDateTime } from "../../i18n/format";
import { useI18n, type MessageKey } from "../../i18n/i18n";
import { formatArea } from "../map/format";

/** Problem kinds the checker names; others show their raw code. */
const KNOWN_KINDS = ["gap", "overlap", "self_intersection", "invalid_ring", "hole", "outside_parent", "level_mismatch", "unknown_parent", "duplicate_code", "type_mismatch"];

/** The topology report (GET /grids/topology): every gap, overlap and invalid ring, by grid code. */
export function TopologyPanel() {
  const { t, locale } = useI18n();
  const report = useRequest(() => getTopologyReport(), []);
  const kindLabel = (kind: string) => (KNOWN_KINDS.includes(kind) ? t(`grids.topology.kind.${kind}` as MessageKey) : kind);

  if (report.error) return <LoadError onRetry={report.reload} detail={isApiError(report.error) ? report.error.problem.detail : undefined} />;
  const data = report.data;
  return (
    <Flex vertical gap={12} data-testid="grids-topology">
      <Flex justify="space-between" align="center" wrap gap={8}>
        {data && !report.loading ? (
          data.problems.length === 0 ? (
            <Alert type="success" showIcon title={t("grids.topology.clean", { grids: data.grids })} style={{ flex: 1 }} data-testid="grids-topology-summary" />
          ) : (
            <Alert type="error" showIcon title={t("grids.topology.found", { count: data.problems.length, grids: data.grids })} style={{ flex: 1 }} data-testid="grids-topology-summary" />
          )
        ) : (
          <span />
        )}
        <Button icon={<ReloadOutlined />} onClick={report.reload} loading={report.loading} data-testid="grids-topology-recheck">
          {t("grids.topology.recheck")}
        </Button>
      </Flex>
      {data ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("grids.topology.meta", { time: formatDateTime(data.checkedAt), tolerance: data.toleranceM2 })}
        </Typography.Text>
      ) : null}
      <Table<TGridProblem>
        size="small"
        rowKey={(problem) => `${problem.kind}-${problem.codes.join("-")}-${problem.at ?? ""}-${problem.message}`}
        loading={report.loading}
        dataSource={data?.problems ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t("grids.topology.empty") }}
        scroll={{ x: "max-content" }}
        data-testid="grids-topology-table"
        columns={[
          { key: "kind", title: t("grids.problem.kind"), dataIndex: "kind", width: 120, render: (kind: string) => <Tag color="red">{kindLabel(kind)}</Tag> },
          { key: "codes", title: t("grids.col.code"), dataIndex: "codes", render: (codes: string[]) => codes.join(", ") },
          { key: "message", title: t("grids.problem.message"), dataIndex: "message" },
          { key: "area", title: t("grids.problem.area"), dataIndex: "areaM2", width: 110, render: (area: number | null) => formatArea(area, locale) },
          {
            key: "location",
            title: t("grids.problem.location"),
            dataIndex: "location",
            width: 170,
            render: (location: TGridProblem["location"]) => (location ? `${location.lng.toFixed(6)}, ${location.lat.toFixed(6)}` : ""),
          },
        ]}
      />
    </Flex>
  );
}
