import { DownloadOutlined, SearchOutlined, UploadOutlined } from "@ant-design/icons";
import { LIMITS, PARTY_ORG_KIND_LABELS } from "@caihong/contracts/constants";
import { Alert, App, Button, Card, Flex, Input, Space, Switch, Table, Tabs, Tag, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { isApiError } from "../../api/client";
import { GRID_EXPORT_URLS, getConsistencyReport, getGridSummary, getPartyOrgTree, listGrids, type TConsistencyProblem } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { useSession } from "../../app/session";
import { gridLevelLabel } from "../../components/grid-level";
import { PageHeader } from "../../components/page-header";
import { LoadError } from "../../components/status-pages";
import { useI18n } from "../../i18n/i18n";
import { GridEditModal } from "./grid-edit-modal";
import { GridImportModal } from "./grid-import-modal";
import { branchKeys, buildGridOrgTree, countProblemsByKind, filterGridOrgRows, hasViolation, type GridOrgRow } from "./grid-org-rows";
import { GridOrgTable } from "./grid-org-table";
import { TopologyPanel } from "./topology-panel";

const NO_PROBLEMS: TConsistencyProblem[] = [];

/** 网格与党组织: the grid tree beside the organisation tree, consistency, topology, import and export. */
export function GridsPage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const canWrite = can("grids.write");
  const canReadParty = can("party.read");

  const grids = useRequest(() => listGrids(), []);
  const summary = useRequest(() => getGridSummary(), []);
  const orgs = useRequest(() => getPartyOrgTree(), [], canReadParty);
  const consistency = useRequest(() => getConsistencyReport(), [], canReadParty);
  const reloadAll = () => {
    grids.reload();
    summary.reload();
    if (canReadParty) {
      orgs.reload();
      consistency.reload();
    }
  };

  const problems = consistency.data?.problems ?? NO_PROBLEMS;
  const tree = useMemo(() => buildGridOrgTree(grids.data?.items ?? [], orgs.data?.items ?? [], problems), [grids.data, orgs.data, problems]);
  const hasOrgs = canReadParty && orgs.data !== undefined && consistency.data !== undefined;

  const [search, setSearch] = useState("");
  const [isOnlyProblems, setIsOnlyProblems] = useState(false);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [editing, setEditing] = useState<GridOrgRow | null>(null);
  const [isImporting, setIsImporting] = useState(false);
  const [tab, setTab] = useState("tree");

  const needle = search.trim().toLowerCase();
  const isFiltered = needle !== "" || isOnlyProblems;
  const rows = useMemo(() => {
    if (!isFiltered) return tree.rows;
    return filterGridOrgRows(
      tree.rows,
      (row) =>
        (!isOnlyProblems || hasViolation(row)) &&
        (!needle || row.grid.name.toLowerCase().includes(needle) || row.grid.code.includes(needle) || (row.org?.name.toLowerCase().includes(needle) ?? false)),
    );
  }, [tree.rows, isFiltered, isOnlyProblems, needle]);

  // Open the sub-district and disposal grids, and every branch leading to a violation; a filtered
  // tree opens fully so the matches show.
  useEffect(() => {
    if (isFiltered) setExpandedKeys(branchKeys(rows));
    else setExpandedKeys([...new Set([...tree.rows.map((row) => row.key), ...tree.pathsToProblems])]);
  }, [tree, rows, isFiltered]);

  const counts = countProblemsByKind(problems);
  const allProblems = problems;

  const banner = (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="grids-summary">
      <Flex vertical gap={8}>
        <Flex wrap gap={16} align="center">
          <Typography.Text strong>{t("grids.summary.grids")}</Typography.Text>
          {(summary.data?.levels ?? []).map((entry) => (
            <span key={entry.level} data-testid={`grids-summary-level-${entry.level}`}>
              {gridLevelLabel(entry.level, label)}{" "}
              <Typography.Text strong style={{ fontSize: 16 }}>
                {entry.count}
              </Typography.Text>
            </span>
          ))}
          {summary.data ? <Typography.Text type="secondary">{t("grids.summary.total", { count: summary.data.total })}</Typography.Text> : null}
        </Flex>
        {consistency.data ? (
          <Flex wrap gap={16} align="center">
            <Typography.Text strong>{t("grids.summary.orgs")}</Typography.Text>
            {consistency.data.byKind.map((entry) => (
              <span key={entry.kind} data-testid={`grids-summary-kind-${entry.kind}`}>
                {label(PARTY_ORG_KIND_LABELS[entry.kind])}{" "}
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {entry.count}
                </Typography.Text>
              </span>
            ))}
            <Typography.Text type="secondary">{t("grids.summary.total", { count: consistency.data.organisations })}</Typography.Text>
          </Flex>
        ) : null}
        {consistency.data ? (
          allProblems.length === 0 ? (
            <Alert type="success" showIcon title={t("grids.summary.consistent")} data-testid="grids-consistency-status" />
          ) : (
            <Alert
              type="error"
              showIcon
              data-testid="grids-consistency-status"
              title={t("grids.summary.violations", { count: allProblems.length })}
              description={t("grids.summary.violationKinds", { missing: counts.missing_org, retired: counts.retired_grid, mismatch: counts.kind_mismatch })}
              action={
                <Button size="small" onClick={() => setTab("consistency")} data-testid="grids-show-violations">
                  {t("grids.summary.showViolations")}
                </Button>
              }
            />
          )
        ) : null}
        {canReadParty && (orgs.error || consistency.error) ? (
          <Alert
            type="warning"
            showIcon
            title={t("grids.orgsUnavailable")}
            description={[orgs.error, consistency.error].map((err) => (isApiError(err) ? err.problem.detail : "")).filter(Boolean).join("；")}
            action={
              <Button
                size="small"
                onClick={() => {
                  orgs.reload();
                  consistency.reload();
                }}
              >
                {t("common.retry")}
              </Button>
            }
          />
        ) : null}
      </Flex>
    </Card>
  );

  const treeTab = grids.error ? (
    <LoadError onRetry={grids.reload} detail={isApiError(grids.error) ? grids.error.problem.detail : undefined} />
  ) : (
    <>
      <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t("grids.search")}
          maxLength={LIMITS.search.max}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          style={{ flex: "1 1 240px", maxWidth: 360 }}
          data-testid="grids-search"
        />
        {hasOrgs ? (
          <Space>
            <Switch checked={isOnlyProblems} onChange={setIsOnlyProblems} aria-label={t("grids.onlyProblems")} data-testid="grids-only-problems" />
            <Typography.Text>{t("grids.onlyProblems")}</Typography.Text>
          </Space>
        ) : null}
      </Flex>
      <GridOrgTable
        rows={rows}
        expandedKeys={expandedKeys}
        onExpandedKeysChange={setExpandedKeys}
        hasOrgs={hasOrgs}
        canEdit={canWrite}
        onEdit={setEditing}
        loading={grids.loading || (canReadParty && (orgs.loading || consistency.loading))}
      />
    </>
  );

  const consistencyTab = (
    <Table<TConsistencyProblem>
      size="small"
      rowKey={(problem) => `${problem.kind}-${problem.gridId}-${problem.orgId ?? ""}`}
      dataSource={allProblems}
      loading={consistency.loading}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t("grids.summary.consistent") }}
      scroll={{ x: "max-content" }}
      data-testid="grids-consistency-table"
      columns={[
        { key: "kind", title: t("grids.problem.kind"), dataIndex: "kind", width: 150, render: (kind: TConsistencyProblem["kind"]) => <Tag color="red">{t(`grids.problemKind.${kind}`)}</Tag> },
        {
          key: "grid",
          title: t("grids.col.grid"),
          render: (_, problem) => (
            <span>
              {problem.gridName}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                {problem.gridCode}
              </Typography.Text>
            </span>
          ),
        },
        { key: "org", title: t("grids.col.org"), render: (_, problem) => (problem.orgId && problem.orgName ? <Link to={`/party-orgs/${problem.orgId}`}>{problem.orgName}</Link> : "—") },
        { key: "message", title: t("grids.problem.message"), dataIndex: "message" },
      ]}
    />
  );

  return (
    <>
      <PageHeader
        title={t("grids.title")}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={GRID_EXPORT_URLS.geojson} download data-testid="grids-export-geojson">
              {t("grids.exportGeoJson")}
            </Button>
            <Button icon={<DownloadOutlined />} href={GRID_EXPORT_URLS.xlsx} download data-testid="grids-export-xlsx">
              {t("grids.exportXlsx")}
            </Button>
            {canWrite ? (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setIsImporting(true)} data-testid="grids-import">
                {t("grids.import.open")}
              </Button>
            ) : null}
          </>
        }
      />
      {banner}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: "tree", label: <span data-testid="grids-tab-tree">{t("grids.tab.tree")}</span>, children: treeTab },
          ...(canReadParty
            ? [
                {
                  key: "consistency",
                  label: (
                    <span data-testid="grids-tab-consistency">
                      {t("grids.tab.consistency")}
                      {allProblems.length > 0 ? <Tag color="red" style={{ marginInlineStart: 6 }}>{allProblems.length}</Tag> : null}
                    </span>
                  ),
                  children: consistencyTab,
                },
              ]
            : []),
          { key: "topology", label: <span data-testid="grids-tab-topology">{t("grids.tab.topology")}</span>, children: <TopologyPanel /> },
        ]}
      />
      {editing ? (
        <GridEditModal
          gridId={editing.grid.id}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            void message.success(t("grids.edit.saved", { name: saved.name }));
            reloadAll();
          }}
        />
      ) : null}
      {isImporting ? (
        <GridImportModal
          onClose={() => setIsImporting(false)}
          onImported={() => {
            setIsImporting(false);
            reloadAll();
          }}
        />
      ) : null}
    </>
  );
}
