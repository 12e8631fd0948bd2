import { FINISHED_STATES, INBOX_BUCKETS, inboxBucketQuery, type InboxBucket, type TCaseChannel, type TCaseState, type TInboxBucketKey, type TSlaStatus } from "@caihong/contracts/constants";
import type { TCaseFilters } from "../../api/cases";
import type { MessageKey } from "../../i18n/i18n";

/** Segments of the queue by state. */
export const STATE_GROUPS = ["open", "reported", "filed", "working", "return_requested", "handled", "verified", "closed", "all"] as const;
export type StateGroup = (typeof STATE_GROUPS)[number];

/** What a segment shows: a list of states, or every open case, or everything. */
export const GROUP_STATES: Record<StateGroup, { states?: TCaseState[]; open?: boolean }> = {
  open: { open: true },
  reported: { states: ["reported"] },
  filed: { states: ["filed"] },
  working: { states: ["dispatched", "acknowledged", "in_progress"] },
  return_requested: { states: ["return_requested"] },
  handled: { states: ["handled"] },
  verified: { states: ["verified"] },
  closed: { states: [...FINISHED_STATES] },
  all: {},
};

export const GROUP_LABELS: Record<StateGroup, MessageKey> = {
  open: "cases.group.open",
  reported: "cases.group.reported",
  filed: "cases.group.filed",
  working: "cases.group.working",
  return_requested: "cases.group.returnRequested",
  handled: "cases.group.handled",
  verified: "cases.group.verified",
  closed: "cases.group.closed",
  all: "cases.group.all",
};

export type InboxTile = Extract<TInboxBucketKey, "assigned" | "toDispatch" | "toVerify" | "returned" | "extensionRequests" | "dueSoon" | "overdue" | "reopened">;

/** A tile of the workbench's inbox: which bucket of the inbox it shows (contracts' INBOX_BUCKETS) and how. */
export interface TileSpec {
  key: InboxTile;
  labelKey: MessageKey;
  /** Only for callers who handle cases (their own work). */
  needsHandle?: boolean;
  tone: "normal" | "warning" | "danger";
}

export const INBOX_TILES: readonly TileSpec[] = [
  { key: "assigned", labelKey: "cases.inbox.assigned", needsHandle: true, tone: "normal" },
  { key: "toDispatch", labelKey: "cases.inbox.toDispatch", tone: "normal" },
  { key: "toVerify", labelKey: "cases.inbox.toVerify", tone: "normal" },
  { key: "returned", labelKey: "cases.inbox.returned", tone: "warning" },
  { key: "extensionRequests", labelKey: "cases.inbox.extensionRequests", tone: "warning" },
  { key: "dueSoon", labelKey: "cases.inbox.dueSoon", tone: "warning" },
  { key: "overdue", labelKey: "cases.inbox.overdue", tone: "danger" },
  { key: "reopened", labelKey: "cases.inbox.reopened", tone: "danger" },
];

/** The tiles a caller sees: dispatchers' buckets only for dispatchers, "assigned to me" only for handlers. */
export function visibleTiles(canDispatch: boolean, canHandle: boolean): TileSpec[] {
  const buckets: Record<string, InboxBucket> = INBOX_BUCKETS;
  return INBOX_TILES.filter((tile) => (!buckets[tile.key]!.needsDispatch || canDispatch) && (!tile.needsHandle || canHandle));
}

/** The SLA colours a tile's list is narrowed to (shown in the filter bar while the tile is active). */
export function tileSla(tile: InboxTile): TSlaStatus[] {
  const bucket: InboxBucket = INBOX_BUCKETS[tile];
  return bucket.sla ? [...bucket.sla] : [];
}

/** Everything the queue is filtered by. */
export interface QueueState {
  /** The segment, or the tile that replaced it. */
  view: { kind: "group"; group: StateGroup } | { kind: "tile"; tile: InboxTile };
  q?: string;
  categoryId?: string;
  gridId?: string;
  channel: TCaseChannel[];
  sla: TSlaStatus[];
  sort: "reported_desc" | "due_asc";
}

export const INITIAL_QUEUE: QueueState = { view: { kind: "group", group: "open" }, channel: [], sla: [], sort: "reported_desc" };

const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join(",") : undefined);

/** The list/export query of the queue state: a tile lists exactly what the inbox counts for it. */
export function toCaseFilters(queue: QueueState, canDispatch: boolean): TCaseFilters {
  let bucket: Record<string, string | undefined> = {};
  if (queue.view.kind === "group") {
    const { states, open } = GROUP_STATES[queue.view.group];
    bucket = { state: list(states), open: open ? "true" : undefined, mine: undefined, reportedByMe: undefined, extensionPending: undefined, reopened: undefined };
  } else {
    bucket = inboxBucketQuery(queue.view.tile, canDispatch);
  }
  return {
    ...bucket,
    q: queue.q,
    // The bar's SLA colours (a tile with a colour puts its own there when picked).
    sla: list(queue.sla),
    channel: list(queue.channel),
    categoryId: queue.categoryId,
    gridId: queue.gridId,
    sort: queue.sort,
  };
}
