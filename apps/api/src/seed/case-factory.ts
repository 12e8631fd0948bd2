import { randomUUID } from "node:crypto";
import type { TCaseAction, TCaseChannel, TSatisfaction } from "@caihong/contracts";
import { CATEGORY_LEVEL, type CaseRole, type CaseState } from "@caihong/domain";
import type { Db } from "../db/client";
import { addRollupDeltas, CASE_NUMBER_PREFIX, listCategoryRows, loadWorkCalendar, nextCaseNumber, rollupDeltas } from "../modules/cases";
import { CasePlayer, insertCases, insertEvents, reportedDraft, type CaseDraft } from "./case-player";
import { insertRows } from "./bulk";
import { caseEscalations } from "../modules/cases/cases.table";

const MINUTE = 60_000;

/** One step of the main path: the action, who takes it, what it needs. */
type PathStep = readonly [TCaseAction, CaseRole, { note?: string; reason?: string; unit?: true; satisfaction?: true }?];

/** The main path from 上报 to each state (merged cases need a main case: build them through the API). */
const PATHS: Record<Exclude<CaseState, "merged">, readonly PathStep[]> = {
  reported: [],
  voided: [["void", "dispatcher", { reason: "现场核实无此问题" }]],
  filed: [["file", "dispatcher"]],
  dispatched: [["file", "dispatcher"], ["dispatch", "dispatcher", { unit: true }]],
  acknowledged: [["file", "dispatcher"], ["dispatch", "dispatcher", { unit: true }], ["acknowledge", "handler"]],
  in_progress: [["file", "dispatcher"], ["dispatch", "dispatcher", { unit: true }], ["acknowledge", "handler"], ["start", "handler"]],
  return_requested: [["file", "dispatcher"], ["dispatch", "dispatcher", { unit: true }], ["acknowledge", "handler"], ["request_return", "handler", { reason: "非本单位职责范围" }]],
  handled: [["file", "dispatcher"], ["dispatch", "dispatcher", { unit: true }], ["acknowledge", "handler"], ["handle", "handler", { note: "已处置" }]],
  verified: [["file", "dispatcher"], ["dispatch", "dispatcher", { unit: true }], ["acknowledge", "handler"], ["handle", "handler", { note: "已处置" }], ["verify", "dispatcher"]],
  closed: [["file", "dispatcher"], ["dispatch", "dispatcher", { unit: true }], ["acknowledge", "handler"], ["handle", "handler", { note: "已处置" }], ["verify", "dispatcher"], ["close", "dispatcher"]],
};

export interface BuildCaseOptions {
  tenantId: string;
  /** The micro grid it was reported in (with its path). */
  grid: { id: string; path: string };
  /** Where the main path stops (default 上报). */
  state?: Exclude<CaseState, "merged">;
  /** The 小类 by code (default 0601 共享单车乱停放). */
  categoryCode?: string;
  channel?: TCaseChannel;
  description?: string;
  reportedAt: Date;
  /** Minutes between two steps (default 10). */
  stepMinutes?: number;
  /** The unit dispatched to (needed for states after 派遣). */
  unit?: { id: string; name: string };
  /** A closed case's follow-up rating. */
  satisfaction?: TSatisfaction;
}

/**
 * A case in a given state, played through the same state machine and projection as the live
 * steps (the case player the Xinhong demo uses) and written with its events and escalations:
 * `buildCase({ state: "dispatched", … })` gives a dispatched case with its due times and clock.
 * The case, its events and escalations and its evaluation rollups' deltas are written in one
 * transaction, so 考核评价 counts it as it would a case played through the API.
 * For tests and the demo; never used by the product.
 */
export async function buildCase(db: Db, opts: BuildCaseOptions): Promise<CaseDraft> {
  const state = opts.state ?? "reported";
  const path = PATHS[state];
  const category = (await listCategoryRows(db, opts.tenantId)).find((c) => c.code === (opts.categoryCode ?? "0601") && c.level === CATEGORY_LEVEL.subclass);
  if (!category) throw new Error(`no subcategory ${opts.categoryCode ?? "0601"}`);
  if (path.some(([, , input]) => input?.unit) && !opts.unit) throw new Error(`a case ${state} needs a unit to be dispatched to`);
  const cal = await loadWorkCalendar(db, opts.tenantId);
  const year = new Date(opts.reportedAt.getTime() + 8 * 3_600_000).getUTCFullYear();
  const number = await nextCaseNumber(db, opts.tenantId, CASE_NUMBER_PREFIX[opts.tenantId] ?? opts.tenantId.slice(0, 2).toUpperCase(), year);
  const row = reportedDraft({
    tenantId: opts.tenantId,
    id: randomUUID(),
    number,
    channel: opts.channel ?? "patrol",
    categoryId: category.id,
    description: opts.description ?? `${category.name}（测试案件）`,
    gridId: opts.grid.id,
    reportedAt: opts.reportedAt,
  });
  const minutes = opts.stepMinutes ?? 10;
  const end = new Date(opts.reportedAt.getTime() + (path.length + 2) * minutes * MINUTE);
  const player = new CasePlayer(row, category, opts.grid, { cal, end, jitterSeconds: () => 5, reopenWindowDays: 15 }, "网格员");
  let at = opts.reportedAt;
  for (const [action, role, input] of path) {
    at = new Date(at.getTime() + minutes * MINUTE);
    player.step(action, at, role === "dispatcher" ? "派单员" : "处置人", role, { note: input?.note, reason: input?.reason, unit: input?.unit ? opts.unit : undefined });
  }
  if (state === "closed" && opts.satisfaction) player.step("follow_up", new Date(at.getTime() + minutes * MINUTE), "回访员", "dispatcher", { satisfaction: opts.satisfaction });
  await db.transaction(async (tx) => {
    await insertCases(tx, [player.row]);
    await insertEvents(tx, opts.tenantId, player.events);
    await insertRows(tx, caseEscalations, player.escalations);
    // Last, as in the live steps: the rollup rows are shared by the cases of a day and grid.
    await addRollupDeltas(tx, opts.tenantId, rollupDeltas(null, player.row));
  });
  return player.row;
}
