import { randomBytes } from "node:crypto";
import { ESCALATION_STAGE_LABELS, type TCaseAction, type TSatisfaction } from "@caihong/contracts";
import {
  ancestorAt,
  decide,
  escalationSchedule,
  ESCALATION_FRACTIONS,
  ESCALATION_TARGET_LEVEL,
  GRID_LEVEL,
  isRunning,
  nextEscalationAt,
  stagesDue,
  type CaseCommand,
  type CaseRole,
  type CaseSnapshot,
  type CaseState,
  type EscalationStage,
  type WorkCalendar,
} from "@caihong/domain";
import { getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { stepColumns, type CategoryRow } from "../modules/cases";
import type { caseEscalations, caseEvents } from "../modules/cases/cases.table";
import { cases } from "../modules/cases/cases.table";

const MINUTE = 60_000;

/** A case row being played. */
export type CaseDraft = typeof cases.$inferSelect;
/** An event being played (`order` keeps same-instant events in the order they were taken). */
export type EventDraft = Omit<typeof caseEvents.$inferInsert, "seq"> & { at: Date; order: number };
export type EscalationDraft = typeof caseEscalations.$inferInsert;

/** A case as reported: every projection column empty, version 1. */
export function reportedDraft(fields: Pick<CaseDraft, "tenantId" | "id" | "number" | "channel" | "categoryId" | "description" | "reportedAt"> & Partial<CaseDraft>): CaseDraft {
  return {
    state: "reported",
    priority: "normal",
    address: null,
    lng: null,
    lat: null,
    gridId: null,
    gridOverrideReason: null,
    attributes: {},
    reporterUserId: null,
    reporterNameEnc: null,
    reporterPhoneEnc: null,
    anonymous: false,
    trackingHash: null,
    sourceAddressHash: null,
    sourceDeviceHash: null,
    hotlineOrderNo: null,
    assigneeUserId: null,
    assigneeUnitId: null,
    filedAt: null,
    dispatchedAt: null,
    ackDueAt: null,
    warnAt: null,
    handleDueAt: null,
    closeDueAt: null,
    acknowledgedAt: null,
    handledAt: null,
    verifiedAt: null,
    closedAt: null,
    voidedAt: null,
    handlingMinutes: null,
    handledOnTime: null,
    closedOnTime: null,
    selfResolved: false,
    resumeState: null,
    extensionDueAt: null,
    extensionReason: null,
    satisfaction: null,
    mergedIntoId: null,
    round: 0,
    reworkCount: 0,
    returnCount: 0,
    extensionCount: 0,
    reopenCount: 0,
    escalation: null,
    nextEscalationAt: null,
    overdueMarked: false,
    photoCount: 0,
    isDemo: false,
    createdAt: fields.reportedAt,
    updatedAt: fields.reportedAt,
    version: 1,
    ...fields,
  };
}

/** What the player needs of the world around the case: the calendar, the end of time, the clock's tick. */
export interface PlayerClock {
  cal: WorkCalendar;
  /** No step at or after this instant (the end of the demo period, or "now"). */
  end: Date;
  /** Seconds after a stage's time at which the clock's tick fires it (the live clock ticks every 30 s). */
  jitterSeconds(): number;
  /** The reopen window the machine applies. */
  reopenWindowDays: number;
}

/** Thrown by `step` when the case may not go on (past the end of the period, or at `stopAt`). */
export class Stop extends Error {}

/** What a step needs besides its action and time. */
export interface PlayStepInput {
  note?: string;
  reason?: string;
  /** The unit dispatched to. */
  unit?: { id: string; name: string };
  dueAt?: Date;
  satisfaction?: TSatisfaction;
  main?: CasePlayer<{ path: string }, { id: string; name: string }>;
}

/**
 * One case being played: its projection row, events and fired escalations. `step` takes one
 * workflow step the way the live `applyStep` does (the same machine and projection); the clock
 * runs between steps as `CaseClock` would. The demo generator and the test factories play cases
 * with it, so both produce histories the live product could have written.
 */
export class CasePlayer<G extends { path: string } = { path: string }, U extends { id: string; name: string } = { id: string; name: string }> {
  readonly events: EventDraft[] = [];
  readonly escalations: EscalationDraft[] = [];
  private fired = new Set<EscalationStage>();
  private firedRound = -1;
  stopAt: CaseState | null = null;
  /** Not to be picked as a main case (voided, self-resolved, or a duplicate itself). */
  mainable = true;
  /** The earlier case this one duplicates (it is merged into it). */
  mainCase: CasePlayer<G, U> | null = null;
  /** The unit the report is about (the apartment of a 公寓服务 complaint), which handles it. */
  subjectUnit: U | null = null;

  constructor(
    readonly row: CaseDraft,
    readonly category: CategoryRow,
    readonly micro: G,
    private readonly g: PlayerClock,
    reportLabel: string,
  ) {
    this.push({ action: "report", fromState: null, toState: "reported", at: row.reportedAt, actorLabel: reportLabel, data: { channel: row.channel } });
  }

  get lastAt(): Date {
    return this.events[this.events.length - 1]!.at;
  }

  /** Appends an event (the merge of a duplicate also writes one on its main case). */
  push(e: Pick<EventDraft, "action" | "fromState" | "toState" | "at" | "actorLabel"> & Partial<Pick<EventDraft, "note" | "reason" | "data">>) {
    this.events.push({
      tenantId: this.row.tenantId,
      id: timeOrderedId(e.at),
      caseId: this.row.id,
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      at: e.at,
      actorId: null,
      actorLabel: e.actorLabel,
      note: e.note ?? null,
      reason: e.reason ?? null,
      data: e.data ?? {},
      photoIds: [],
      order: this.events.length,
    });
  }

  /** The state at an instant (for a merge event on this case as the main one). */
  stateAt(at: Date): CaseState {
    let state: CaseState = "reported";
    for (const e of this.events) if (e.at <= at) state = e.toState as CaseState;
    return state;
  }

  /** Fires the escalation stages whose ticks fall before `until`, as the case clock would. */
  runClock(until: Date) {
    const r = this.row;
    if (this.firedRound !== r.round) {
      this.fired = new Set(this.escalations.filter((e) => e.round === r.round).map((e) => e.stage as EscalationStage));
      this.firedRound = r.round;
    }
    while (isRunning(r.state) && r.nextEscalationAt && r.dispatchedAt && r.handleDueAt) {
      // The clock ticks every 30 s: a stage fires at the first tick at or after its time.
      const tick = new Date(Math.max(r.nextEscalationAt.getTime(), this.lastAt.getTime()) + this.g.jitterSeconds() * 1000);
      if (tick >= until) return;
      const schedule = escalationSchedule(r.dispatchedAt, r.handleDueAt, this.g.cal);
      for (const stage of stagesDue(schedule, this.fired, tick)) {
        const level = ESCALATION_TARGET_LEVEL[stage];
        const targetGridId = level === GRID_LEVEL.micro ? r.gridId : ancestorAt(this.micro.path, level);
        const dueAt = schedule.find((p) => p.stage === stage)!.at;
        this.escalations.push({ tenantId: r.tenantId, caseId: r.id, round: r.round, stage, dueAt, firedAt: tick, targetGridId });
        this.fired.add(stage);
        r.escalation = stage;
        // The clock marks a case overdue from its 100 % stage on (the evaluation rollups count it).
        if (ESCALATION_FRACTIONS[stage] >= 1) r.overdueMarked = true;
        this.push({
          action: stage === "warning" ? "warn" : "escalate",
          fromState: r.state,
          toState: r.state,
          at: tick,
          actorLabel: "system",
          note: stage === "warning" ? null : `督办：${ESCALATION_STAGE_LABELS[stage]["zh-CN"]}`,
          data: { stage, level, targetGridId, dueAt: dueAt.toISOString(), handleDueAt: r.handleDueAt.toISOString() },
        });
      }
      r.nextEscalationAt = nextEscalationAt(schedule, this.fired);
    }
  }

  /**
   * Takes one step at `at` (moved to a minute after the last event if earlier) as `role`. Throws
   * Stop when `at` is past the end of the period or the case has reached `stopAt`.
   */
  step(action: TCaseAction, at: Date, label: string, role: CaseRole, input: PlayStepInput = {}): Date {
    const r = this.row;
    if (at.getTime() <= this.lastAt.getTime()) at = new Date(this.lastAt.getTime() + MINUTE);
    if (at >= this.g.end) throw new Stop();
    this.runClock(at);
    if (at.getTime() <= this.lastAt.getTime()) at = new Date(this.lastAt.getTime() + MINUTE);
    if (at >= this.g.end) throw new Stop();
    const snapshot: CaseSnapshot = {
      state: r.state as CaseState,
      resumeState: r.resumeState as CaseState | null,
      extensionPending: r.extensionDueAt !== null,
      hasAssignee: !!(r.assigneeUserId || r.assigneeUnitId),
      reportedByCaller: action === "self_resolve",
      closedAt: r.closedAt,
      satisfaction: r.satisfaction as TSatisfaction | null,
      round: r.round,
      reworkCount: r.reworkCount,
      returnCount: r.returnCount,
      extensionCount: r.extensionCount,
      reopenCount: r.reopenCount,
    };
    const command: CaseCommand = {
      action,
      note: input.note,
      reason: input.reason,
      assigneeChosen: !!input.unit,
      dueAt: input.dueAt ?? null,
      satisfaction: input.satisfaction ?? null,
      // The live 自办自结 needs a photo; the demo ships none (see the header).
      photoCount: action === "self_resolve" ? 1 : 0,
      mainCaseId: input.main?.row.id ?? null,
    };
    const decision = decide(snapshot, command, new Set([role]), at, { reopenWindowDays: this.g.reopenWindowDays });
    if (!decision.ok) throw new Error(`demo case ${r.number}: ${action} from ${r.state} as ${role}: ${decision.error} ${decision.field ?? ""}`);

    const from = r.state;
    const set: Partial<CaseDraft> = { state: decision.to };
    for (const [k, v] of Object.entries(decision.changes)) {
      if (k === "extensionPending" || k === "state") continue;
      (set as Record<string, unknown>)[k] = v;
    }
    if (action === "request_extension" && (!r.handleDueAt || input.dueAt! <= r.handleDueAt)) throw new Error(`demo case ${r.number}: extension not later than the due time`);
    if (action === "approve_extension" && (input.dueAt! <= at || (r.handleDueAt && input.dueAt! <= r.handleDueAt))) throw new Error(`demo case ${r.number}: extension due time not later than now`);
    // The same projection as the live service (cases.projection.ts).
    const step = stepColumns(r, {
      action,
      to: decision.to,
      at,
      cal: this.g.cal,
      category: this.category,
      fired: this.fired,
      actorId: null,
      assignee: input.unit ? { userId: null, unitId: input.unit.id, label: input.unit.name } : undefined,
      dueAt: input.dueAt ?? null,
      reason: input.reason ?? null,
      satisfaction: input.satisfaction ?? null,
      main: input.main ? { id: input.main.row.id, number: input.main.row.number } : undefined,
    });
    Object.assign(set, step.set);
    const data = step.data;
    if (action === "merge") {
      const main = input.main!;
      const mainState = main.stateAt(at);
      main.push({ action: "merge", fromState: mainState, toState: mainState, at, actorLabel: label, note: input.note ?? null, data: { duplicate: { id: r.id, number: r.number } } });
      main.events.sort((x, y) => x.at.getTime() - y.at.getTime() || x.order - y.order);
      main.row.version += 1;
      if (main.row.updatedAt < at) main.row.updatedAt = at;
    }
    Object.assign(r, set);
    r.updatedAt = at;
    r.version += 1;
    this.push({ action, fromState: from, toState: decision.to, at, actorLabel: label, note: input.note ?? null, reason: input.reason ?? null, data });
    if (this.stopAt && r.state === this.stopAt) throw new Stop();
    return at;
  }
}


// Random bits for ids, drawn in blocks (one randomBytes call per id costs more than the rest of the id).
let entropy = Buffer.alloc(0);
let entropyAt = 0;

/**
 * A UUID whose first 48 bits are the instant (RFC 9562 version 7): rows inserted in time order
 * append to the primary-key index instead of landing all over it, which halves the bulk insert.
 */
export function timeOrderedId(at: Date): string {
  if (entropyAt + 10 > entropy.length) {
    entropy = randomBytes(64 * 1024);
    entropyAt = 0;
  }
  const hex = at.getTime().toString(16).padStart(12, "0") + entropy.toString("hex", entropyAt, (entropyAt += 10));
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** All cases in one INSERT: one JSON parameter, snake_case keys, null values left out (read back as null). */
export async function insertCases(tx: Db, rows: readonly CaseDraft[]) {
  if (rows.length === 0) return;
  const columns = getTableColumns(cases) as Record<string, { name: string }>;
  const keys = Object.keys(rows[0]!);
  const names = keys.map((k) => columns[k]!.name);
  const list = sql.join(names.map((n) => sql.identifier(n)), sql`, `);
  const json = rows.map((row) => {
    const out: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      const v = (row as Record<string, unknown>)[k];
      if (v !== null && v !== undefined) out[names[i]!] = v;
    });
    return out;
  });
  await tx.execute(sql`insert into cases (${list}) select ${list} from json_populate_recordset(null::cases, ${JSON.stringify(json)}::json)`);
}

/**
 * All events in one INSERT with short keys (the JSON is a third smaller than with column names,
 * and parsing it is most of the statement); `seq` comes from its sequence in row order.
 */
export async function insertEvents(tx: Db, tenantId: string, events: readonly EventDraft[]) {
  if (events.length === 0) return;
  const json = events.map((e) => {
    const o: Record<string, unknown> = { i: e.id, c: e.caseId, a: e.action, t: e.toState, at: e.at, l: e.actorLabel };
    if (e.fromState) o.f = e.fromState;
    if (e.note) o.n = e.note;
    if (e.reason) o.r = e.reason;
    if (e.data && Object.keys(e.data).length > 0) o.d = e.data;
    return o;
  });
  await tx.execute(sql`
    insert into case_events (tenant_id, id, case_id, action, from_state, to_state, at, actor_label, note, reason, data)
    select ${tenantId}, i, c, a, f, t, at, l, n, r, coalesce(d, '{}'::jsonb)
    from json_to_recordset(${JSON.stringify(json)}::json) as v(i uuid, c uuid, a text, f text, t text, at timestamptz, l text, n text, r text, d jsonb)`);
}

