import { FINISHED_STATES, type TCaseChannel, type TCaseState, type TSlaStatus } from "@caihong/contracts/constants";
import type { TCaseFilters, TInboxCounts } from "../../api/cases";
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

export type InboxTile = keyof TInboxCounts;

/** What a tile of the inbox stands for, as queue filters (matching how GET /inbox counts it). */
export interface TileSpec {
  key: InboxTile;
  labelKey: MessageKey;
  /** Only for callers who dispatch (their counts are zero otherwise). */
  needsDispatch?: boolean;
  needsHandle?: boolean;
  states?: TCaseState[];
  open?: boolean;
  sla?: TSlaStatus[];
  /** Only cases assigned to the caller. */
  mine?: boolean | "unlessDispatch";
  /** Only cases with an extension request awaiting a decision. */
  extensionPending?: boolean;
  /** Only cases reopened at least once. */
  reopened?: boolean;
  /** The list cannot narrow to exactly these cases yet; the tile shows a hint. */
  isApproximate?: boolean;
  tone: "normal" | "warning" | "danger";
}

const WORKING: TCaseState[] = ["dispatched", "acknowledged", "in_progress"];

export const INBOX_TILES: readonly TileSpec[] = [
  { key: "assigned", labelKey: "cases.inbox.assigned", needsHandle: true, states: WORKING, mine: true, tone: "normal" },
  { key: "toDispatch", labelKey: "cases.inbox.toDispatch", needsDispatch: true, states: ["reported", "filed"], tone: "normal" },
  { key: "toVerify", labelKey: "cases.inbox.toVerify", needsDispatch: true, states: ["handled", "verified"], tone: "normal" },
  { key: "returned", labelKey: "cases.inbox.returned", needsDispatch: true, states: ["return_requested"], tone: "warning" },
  { key: "extensionRequests", labelKey: "cases.inbox.extensionRequests", needsDispatch: true, open: true, extensionPending: true, tone: "warning" },
  { key: "dueSoon", labelKey: "cases.inbox.dueSoon", open: true, sla: ["warning"], mine: true, tone: "warning" },
  { key: "overdue", labelKey: "cases.inbox.overdue", open: true, sla: ["overdue"], mine: "unlessDispatch", tone: "danger" },
  { key: "reopened", labelKey: "cases.inbox.reopened", states: ["filed", ...WORKING], reopened: true, mine: "unlessDispatch", tone: "danger" },
];

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

/** The list/export query of the queue state. */
export function toCaseFilters(queue: QueueState, canDispatch: boolean): TCaseFilters {
  let states: TCaseState[] | undefined;
  let open: boolean | undefined;
  let mine = false;
  let extensionPending: boolean | undefined;
  let reopened: boolean | undefined;
  if (queue.view.kind === "group") {
    ({ states, open } = GROUP_STATES[queue.view.group]);
  } else {
    const tileKey = queue.view.tile;
    const tile = INBOX_TILES.find((candidate) => candidate.key === tileKey)!;
    states = tile.states;
    open = tile.open;
    mine = tile.mine === true || (tile.mine === "unlessDispatch" && !canDispatch);
    extensionPending = tile.extensionPending;
    reopened = tile.reopened;
  }
  return {
    q: queue.q,
    state: list(states),
    open: open ? "true" : undefined,
    mine: mine ? "true" : undefined,
    extensionPending: extensionPending ? "true" : undefined,
    reopened: reopened ? "true" : undefined,
    sla: list(queue.sla),
    channel: list(queue.channel),
    categoryId: queue.categoryId,
    gridId: queue.gridId,
    sort: queue.sort,
  };
}
