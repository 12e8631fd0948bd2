import { Drawer, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { findEvaluationCases, type TCaseSummary, type TEvaluationCasesFilters } from "../../api/cases";
import { useCursorList } from "../../api/hooks";
import { PagedTable } from "../../components/paged-table";
import { useIsNarrow } from "../../components/use-is-narrow";
import { useI18n } from "../../i18n/i18n";
import { gridColumn, problemColumn, reportedAtColumn } from "./case-columns";
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
    problemColumn(t, 260),
    gridColumn(t),
    reportedAtColumn(t),
    { title: t("cases.col.state"), dataIndex: "state", width: 90, render: (_, item) => <StateTag state={item.state} /> },
  ];
  return (
    <Drawer open onClose={onClose} title={title} size={isNarrow ? "100%" : 900} destroyOnHidden>
      <div data-testid="evaluation-drawer">
        <PagedTable
          list={list}
          columns={columns}
          size="small"
          emptyText={t("evaluation.drawer.empty")}
          rowTestId={(item) => `evaluation-case-${item.number}`}
          testId="evaluation-cases"
        />
      </div>
    </Drawer>
  );
}
