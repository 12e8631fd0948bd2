import type { TCaseState, TSlaStatus } from "./catalog";

/**
 * What one count of the inbox (GET /inbox) holds, written as the case list's filters (GET /cases):
 * the server counts a bucket with the same conditions the list applies to these filters, and a tile
 * opens the list with them, so a tile's number is always the length of the list it opens.
 */
export interface InboxBucket {
  /** The case is in one of these states. */
  state?: readonly TCaseState[];
  /** The case is open (not closed, voided or merged). */
  open?: boolean;
  /** The clock's colour now. */
  sla?: readonly TSlaStatus[];
  /**
   * Whose cases: `me` assigned to the caller; `meUnlessDispatcher` the caller's unless they hold
   * cases.dispatch (a dispatcher sees every case of their scope); absent: every case in scope.
   */
  assignee?: "me" | "meUnlessDispatcher";
  /** The caller reported it. */
  reportedByMe?: boolean;
  /** An extension request awaits a decision. */
  extensionPending?: boolean;
  /** Reopened (重办) at least once. */
  reopened?: boolean;
  /** Work of dispatchers only: zero (and no tile) for anyone without cases.dispatch. */
  needsDispatch?: boolean;
}

const WORKING = ["dispatched", "acknowledged", "in_progress"] as const satisfies readonly TCaseState[];

/** The inbox: the staff workbench's tiles, then the phone's 我的任务 (the caller's own work only). */
export const INBOX_BUCKETS = {
  /** 待我处置: assigned to me, dispatched or being worked on. */
  assigned: { state: WORKING, assignee: "me" },
  /** 待立案/待派遣. */
  toDispatch: { state: ["reported", "filed"], needsDispatch: true },
  /** 待核查/结案. */
  toVerify: { state: ["handled", "verified"], needsDispatch: true },
  /** 退回待审. */
  returned: { state: ["return_requested"], needsDispatch: true },
  /** 延期申请. */
  extensionRequests: { open: true, extensionPending: true, needsDispatch: true },
  /** 临期: mine, past 80 % of the limit. */
  dueSoon: { open: true, sla: ["warning"], assignee: "me" },
  /** 超期: mine, or every one in scope for a dispatcher. */
  overdue: { open: true, sla: ["overdue"], assignee: "meUnlessDispatcher" },
  /** 重办: reopened and back in the queue. */
  reopened: { state: ["filed", ...WORKING], reopened: true, assignee: "meUnlessDispatcher" },
  /** 我的任务 · 待签收. */
  myTodo: { state: ["dispatched"], assignee: "me" },
  /** 我的任务 · 处置中 (a return request waits with the handler). */
  myDoing: { state: ["acknowledged", "in_progress", "return_requested"], assignee: "me" },
  /** 我的任务 · 临期. */
  myDueSoon: { open: true, sla: ["warning"], assignee: "me" },
  /** 我的任务 · 超期: mine only, whatever else the caller may do. */
  myOverdue: { open: true, sla: ["overdue"], assignee: "me" },
  /** 我的任务 · 我上报的. */
  myReports: { reportedByMe: true },
} as const satisfies Record<string, InboxBucket>;

export type TInboxBucketKey = keyof typeof INBOX_BUCKETS;
export const INBOX_BUCKET_KEYS = Object.keys(INBOX_BUCKETS) as TInboxBucketKey[];

/** The case-list query (GET /cases) that lists exactly what a bucket counts, for a caller who does or does not dispatch. */
export function inboxBucketQuery(key: TInboxBucketKey, canDispatch: boolean): Record<string, string | undefined> {
  const bucket: InboxBucket = INBOX_BUCKETS[key];
  const isMine = bucket.assignee === "me" || (bucket.assignee === "meUnlessDispatcher" && !canDispatch);
  const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join(",") : undefined);
  const flag = (value: boolean | undefined) => (value ? "true" : undefined);
  return {
    state: list(bucket.state),
    open: flag(bucket.open),
    sla: list(bucket.sla),
    mine: flag(isMine),
    reportedByMe: flag(bucket.reportedByMe),
    extensionPending: flag(bucket.extensionPending),
    reopened: flag(bucket.reopened),
  };
}
