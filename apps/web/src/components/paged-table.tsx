import { Table, type TableColumnsType, type TableProps } from "antd";
import type { ReactNode } from "react";
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
        rowSelection={rowSelection}
        expandable={expandable}
        onRow={(record, index) => ({ ...toTestId(rowTestId(record, index ?? 0)), onDoubleClick: onRowDoubleClick && (() => onRowDoubleClick(record)) })}
        data-testid={testId}
      />
      <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
