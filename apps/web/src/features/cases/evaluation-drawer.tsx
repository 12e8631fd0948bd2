import { Drawer, Table, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { findEvaluationCases, type TCaseSummary, type TEvaluationCasesFilters } from "../../api/cases";
import { isApiError } from "../../api/client";
import { useCursorList } from "../../api/hooks";
import { LoadMore } from "../../components/load-more";
import { LoadError } from "../../components/status-pages";
import { testId } from "../../components/test-id";
import { useIsNarrow } from "../../components/use-is-narrow";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { StateTag } from "./case-tags";

interface EvaluationDrawerProps {
  /** What the figure is, e.g. `处置网格一 · 按期处置率 · 按期处置数`. */
  title: string;
  filters: TEvaluationCasesFilters;
  onClose: () => void;
}

/** The cases behind one evaluation figure (every number shown can be opened as its list). */
export function EvaluationDrawer({ title, filters, onClose }: EvaluationDrawerProps) {
  const { t } = useI18n();
  const isNarrow = useIsNarrow();
  const list = useCursorList((cursor) => findEvaluationCases(filters, cursor, 50), [JSON.stringify(filters)]);
  const columns: TableColumnsType<TCaseSummary> = [
    {
      title: t("cases.col.number"),
      dataIndex: "number",
      width: 150,
      render: (number: string, item) => (
        <Link to={`/cases/${item.id}`} target="_blank">
          {number}
        </Link>
      ),
    },
    {
      title: t("cases.col.problem"),
      dataIndex: "description",
      width: 260,
      render: (description: string, item) => (
        <div style={{ maxWidth: 260 }}>
          <Typography.Text strong style={{ fontSize: 13 }}>
            {item.categoryName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ display: "block", fontSize: 13 }} ellipsis={{ tooltip: description }}>
            {description}
          </Typography.Text>
        </div>
      ),
    },
    { title: t("cases.col.grid"), dataIndex: "gridName", width: 120, render: (name: string | null) => name ?? "—" },
    { title: t("cases.col.reportedAt"), dataIndex: "reportedAt", width: 135, render: (at: string) => formatDateTime(at) },
    { title: t("cases.col.state"), dataIndex: "state", width: 90, render: (_, item) => <StateTag state={item.state} /> },
  ];
  return (
    <Drawer open onClose={onClose} title={title} size={isNarrow ? "100%" : 900} destroyOnHidden>
      <div data-testid="evaluation-drawer">
      {list.error && list.items.length === 0 ? (
        <LoadError onRetry={list.reload} detail={isApiError(list.error) ? list.error.problem.detail : undefined} />
      ) : (
        <>
          <Table<TCaseSummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("evaluation.drawer.empty") }}
            onRow={(item) => testId(`evaluation-case-${item.number}`)}
            data-testid="evaluation-cases"
          />
          <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
        </>
      )}
      </div>
    </Drawer>
  );
}
