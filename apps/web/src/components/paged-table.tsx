import { Table, type TableColumnsType, type TableProps } from "antd";
import { useLayoutEffect, useRef, type ReactNode } from "react";
import { isApiError } from "../api/client";
import type { CursorListState } from "../api/hooks";
import { LoadMore } from "./load-more";
import { LoadError } from "./status-pages";
import { testId as toTestId } from "./test-id";

interface PagedTableProps<T extends { id: string }> {
  /** The list from `useCursorList`: its items, loading state, error and next page. */
  list: CursorListState<T>;
  columns: TableColumnsType<T>;
  /** What the table says when the list (with its filters) has no rows. */
  emptyText: string;
  /** `data-testid` of a row (apps/web/TESTIDS.md). */
  rowTestId: (record: T, index: number) => string;
  /** `data-testid` of the table. */
  testId: string;
  size?: "small" | "middle";
  /** Shown between the error check and the table (e.g. the bar of a batch step). */
  above?: ReactNode;
  rowSelection?: TableProps<T>["rowSelection"];
  expandable?: TableProps<T>["expandable"];
  onRowDoubleClick?: (record: T) => void;
}

/**
 * antd draws each column title twice: in the header, and hidden in the row that measures column
 * widths (`aria-hidden`). A focusable title — the select-all checkbox — must not be reachable in
 * the hidden copy (WCAG 4.1.2, axe's aria-hidden-focus): that copy is made inert.
 */
function FocusableOnlyInHeader({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (ref.current?.closest(".ant-table-measure-row")) ref.current.inert = true;
  }, []);
  return <span ref={ref}>{children}</span>;
}

/**
 * A cursor-paginated list as a table with a "load more" footer, keyed by id; a failed first
 * page shows the error with a retry instead, while a failed further page keeps the rows loaded so far.
 */
export function PagedTable<T extends { id: string }>({ list, columns, emptyText, rowTestId, testId, size = "middle", above, rowSelection, expandable, onRowDoubleClick }: PagedTableProps<T>) {
  if (list.error && list.items.length === 0) {
    return <LoadError onRetry={list.reload} detail={isApiError(list.error) ? list.error.problem.detail : undefined} />;
  }
  return (
    <>
      {above}
      <Table<T>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: "max-content" }}
        size={size}
        locale={{ emptyText }}
        rowSelection={rowSelection && { columnTitle: (checkbox: ReactNode) => <FocusableOnlyInHeader>{checkbox}</FocusableOnlyInHeader>, ...rowSelection }}
        expandable={expandable}
        onRow={(record, index) => ({ ...toTestId(rowTestId(record, index ?? 0)), onDoubleClick: onRowDoubleClick && (() => onRowDoubleClick(record)) })}
        data-testid={testId}
      />
      <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
