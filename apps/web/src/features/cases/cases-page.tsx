import { ImportOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import type { TCaseChannel, TSlaStatus } from "@caihong/contracts/constants";
import { CASE_CHANNEL_LABELS, CASE_CHANNELS, CASE_PRIORITY_LABELS, SLA_STATUS_LABELS, SLA_STATUSES } from "@caihong/contracts/constants";
import { Button, Flex, Radio, Select, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { casesExportUrl, findCases, getInbox, type TCaseSummary } from "../../api/cases";
import { useCursorList, useRequest } from "../../api/hooks";
import { useGrids } from "../../api/reference";
import { useSession } from "../../app/session";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { PagedTable } from "../../components/paged-table";
import { PageHeader } from "../../components/page-header";
import { SearchInput } from "../../components/search-input";
import { testId } from "../../components/test-id";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { UserText } from "../../components/user-text";
import { DemoTag } from "../people/demo-tag";
import { ExportLink } from "../../components/export-link";
import { BatchBar } from "./batch-actions";
import { CaseEntryDrawer } from "./case-entry-drawer";
import { gridColumn, problemColumn, reportedAtColumn } from "./case-columns";
import { CaseSlaTag, StateTag } from "./case-tags";
import { CasesMapView } from "./cases-map-view";
import { CategorySelect, useCaseCategories } from "./category-select";
import { FloodVoidButton } from "./flood-void";
import { HotlineImportModal } from "./hotline-import-modal";
import { InboxTiles } from "./inbox-tiles";
import { GROUP_LABELS, INBOX_TILES, INITIAL_QUEUE, STATE_GROUPS, tileSla, toCaseFilters, visibleTiles, type QueueState, type StateGroup, type TileSpec } from "./queue-filters";

/**
 * 案件工作台: the dispatcher's queue. Inbox tiles on top, the queue by state with SLA colours,
 * filters, batch steps on the selected rows, a map of the open cases, Excel export, and entry of
 * cases for residents and from 12345 (one by one or an export file).
 */
export function CasesPage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const canDispatch = can("cases.dispatch");
  const canHandle = can("cases.handle");
  const canReport = can("cases.report");
  const { grids } = useGrids(can("grids.read"));
  const { categories } = useCaseCategories();

  const [queue, setQueue] = useState<QueueState>(INITIAL_QUEUE);
  const [tab, setTab] = useState<"list" | "map">("list");
  const filters = useMemo(() => toCaseFilters(queue, canDispatch), [queue, canDispatch]);
  const list = useCursorList((cursor) => findCases(filters, cursor), [filters]);
  const inbox = useRequest(() => getInbox(), []);
  const [selected, setSelected] = useState<TCaseSummary[]>([]);
  const [isEntryOpen, setIsEntryOpen] = useState(false);
  const [isImportOpen, setIsImportOpen] = useState(false);

  const tiles = visibleTiles(canDispatch, canHandle);
  const activeTile = queue.view.kind === "tile" ? queue.view.tile : null;
  const activeGroup = queue.view.kind === "group" ? queue.view.group : null;

  const update = (patch: Partial<QueueState>) => {
    setQueue((prev) => ({ ...prev, ...patch }));
    setSelected([]);
  };
  const pickTile = (tile: TileSpec) => {
    // A second click on the active tile returns to the open cases.
    if (activeTile === tile.key) update({ view: INITIAL_QUEUE.view, sla: [], sort: INITIAL_QUEUE.sort });
    else {
      const sla = tileSla(tile.key);
      update({ view: { kind: "tile", tile: tile.key }, sla, sort: sla.length > 0 ? "due_asc" : queue.sort });
    }
  };
  const refresh = () => {
    list.reload();
    inbox.reload();
  };

  const columns: TableColumnsType<TCaseSummary> = [
    {
      title: t("cases.col.number"),
      dataIndex: "number",
      width: 135,
      fixed: "left",
      render: (number: string, item) => (
        <div>
          <Link to={`/cases/${item.id}`} data-testid={`case-link-${number}`}>
            {number}
          </Link>
          {item.priority === "urgent" || item.isDemo ? (
            <Flex gap={4} style={{ marginTop: 2 }}>
              {item.priority === "urgent" ? (
                <Tag color="red" style={{ marginInlineEnd: 0 }}>
                  {label(CASE_PRIORITY_LABELS.urgent)}
                </Tag>
              ) : null}
              {item.isDemo ? <DemoTag /> : null}
            </Flex>
          ) : null}
        </div>
      ),
    },
    problemColumn(t, 215),
    gridColumn(t),
    {
      title: t("cases.col.assignee"),
      key: "assignee",
      width: 130,
      render: (_, item) =>
        item.assignee ? (
          <Typography.Text style={{ maxWidth: 130 }} ellipsis={{ tooltip: item.assignee.label }}>
            <UserText>{item.assignee.label}</UserText>
          </Typography.Text>
        ) : (
          "—"
        ),
    },
    reportedAtColumn(t),
    {
      title: t("cases.col.dueAt"),
      dataIndex: "handleDueAt",
      width: 120,
      // The SLA tag above the time: side by side they need twice the width at 1366 px.
      render: (at: string | null, item) => (
        <Flex vertical gap={2} align="flex-start">
          <CaseSlaTag sla={item.sla} state={item.state} />
          {at ? <span style={{ fontVariantNumeric: "tabular-nums", fontSize: 13 }}>{formatDateTime(at)}</span> : null}
        </Flex>
      ),
    },
    {
      title: t("cases.col.state"),
      dataIndex: "state",
      width: 110,
      fixed: "right",
      render: (_, item) => (
        <Flex gap={4} align="center">
          <StateTag state={item.state} />
          {item.reworkCount + item.reopenCount > 0 ? (
            <Tooltip title={t("cases.col.reworkTip", { rework: item.reworkCount, reopen: item.reopenCount })}>
              <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
                {t("cases.col.reworkTag")}
              </Tag>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
  ];

  const filtersBar = (
    <Flex wrap gap={8} style={{ marginBottom: 12 }}>
      <SearchInput value={queue.q} onSearch={(q) => update({ q })} placeholder={t("cases.search")} style={{ flex: "1 1 180px", maxWidth: 240 }} testId="cases-search" />
      <div style={{ width: 170 }}>
        <CategorySelect categories={categories} value={queue.categoryId} onChange={(categoryId) => update({ categoryId: categoryId ?? undefined })} placeholder={t("cases.filter.category")} ariaLabel={t("cases.filter.category")} data-testid="cases-filter-category" />
      </div>
      {grids.length > 0 ? (
        <div style={{ width: 170 }}>
          <GridTreeSelect grids={grids} value={queue.gridId ?? null} onChange={(gridId) => update({ gridId: gridId ?? undefined })} placeholder={t("cases.filter.grid")} ariaLabel={t("cases.filter.grid")} data-testid="cases-filter-grid" />
        </div>
      ) : null}
      <Select<TCaseChannel[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t("cases.filter.channel")}
        aria-label={t("cases.filter.channel")}
        value={queue.channel}
        onChange={(channel) => update({ channel })}
        options={CASE_CHANNELS.map((value) => ({ value, label: label(CASE_CHANNEL_LABELS[value]) }))}
        style={{ width: 150 }}
        data-testid="cases-filter-channel"
      />
      <Select<TSlaStatus[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t("cases.filter.sla")}
        aria-label={t("cases.filter.sla")}
        value={queue.sla}
        onChange={(sla) => update({ sla })}
        options={SLA_STATUSES.map((value) => ({ value, label: label(SLA_STATUS_LABELS[value]) }))}
        style={{ width: 140 }}
        data-testid="cases-filter-sla"
      />
      <Select<QueueState["sort"]>
        aria-label={t("cases.sort.label")}
        value={queue.sort}
        onChange={(sort) => update({ sort })}
        options={[
          { value: "reported_desc", label: t("cases.sort.reported") },
          { value: "due_asc", label: t("cases.sort.due") },
        ]}
        style={{ width: 140 }}
        data-testid="cases-sort"
      />
    </Flex>
  );

  const table = (
    <PagedTable
      list={list}
      columns={columns}
      emptyText={t("cases.empty")}
      rowTestId={(item) => `case-row-${item.number}`}
      testId="cases-table"
      above={
        <BatchBar
          selected={selected}
          categories={categories}
          onClear={() => setSelected([])}
          onDone={(succeeded) => {
            setSelected((prev) => prev.filter((item) => !succeeded.includes(item.id)));
            refresh();
          }}
        />
      }
      onRowDoubleClick={(item) => navigate(`/cases/${item.id}`)}
      rowSelection={
        canDispatch
          ? {
              selectedRowKeys: selected.map((item) => item.id),
              preserveSelectedRowKeys: true,
              onChange: (_keys, rows) => setSelected(rows.filter(Boolean)),
              getCheckboxProps: (item) => testId(`case-select-${item.number}`),
            }
          : undefined
      }
    />
  );

  return (
    <>
      <PageHeader
        title={t("cases.title")}
        extra={
          <>
            <Tooltip title={t("cases.refresh")}>
              <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t("cases.refresh")} data-testid="cases-refresh" />
            </Tooltip>
            <ExportLink href={casesExportUrl(filters)} label={t("cases.export")} testId="cases-export" />
            {canDispatch ? <FloodVoidButton onVoided={refresh} /> : null}
            {canDispatch && canReport ? (
              <Button icon={<ImportOutlined />} onClick={() => setIsImportOpen(true)} data-testid="cases-import">
                {t("cases.import.open")}
              </Button>
            ) : null}
            {canReport ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsEntryOpen(true)} data-testid="cases-create">
                {t("cases.entry.open")}
              </Button>
            ) : null}
          </>
        }
      />
      <InboxTiles tiles={tiles} counts={inbox.data?.counts} active={activeTile} onPick={pickTile} />
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={activeGroup}
          onChange={(event) => update({ view: { kind: "group", group: event.target.value as StateGroup } })}
          options={STATE_GROUPS.map((group) => ({ value: group, label: t(GROUP_LABELS[group]) }))}
          data-testid="cases-groups"
        />
        {activeTile ? (
          <Tag closable color="processing" onClose={() => update({ view: INITIAL_QUEUE.view, sla: [] })} data-testid="cases-tile-filter">
            {t(INBOX_TILES.find((tile) => tile.key === activeTile)!.labelKey)}
          </Tag>
        ) : null}
      </Flex>
      {filtersBar}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as "list" | "map")}
        items={[
          { key: "list", label: t("cases.tab.list"), children: table },
          { key: "map", label: t("cases.tab.map"), children: tab === "map" ? <CasesMapView filters={{ categoryId: queue.categoryId, sla: queue.sla.length ? queue.sla.join(",") : undefined }} /> : null },
        ]}
        data-testid="cases-tabs"
      />
      {isEntryOpen ? (
        <CaseEntryDrawer
          categories={categories}
          onClose={() => setIsEntryOpen(false)}
          onCreated={(created) => {
            setIsEntryOpen(false);
            refresh();
            navigate(`/cases/${created.id}`);
          }}
        />
      ) : null}
      {isImportOpen ? (
        <HotlineImportModal
          onClose={() => setIsImportOpen(false)}
          onImported={() => {
            setIsImportOpen(false);
            refresh();
          }}
        />
      ) : null}
    </>
  );
}
