import { ESCALATION_STAGE_LABELS } from "@caihong/contracts";
import { ancestorAt, escalationSchedule, ESCALATION_FRACTIONS, ESCALATION_TARGET_LEVEL, GRID_LEVEL, isRunning, nextEscalationAt, stagesDue, type EscalationStage, type WorkCalendar } from "@caihong/domain";
import type { Db } from "../../../db/client";
import type { Deps, RequestContext } from "../../../lib/context";
import { systemPrincipal } from "../../../lib/principal";
import { recordAudit } from "../../audit";
import { notifyUsers } from "../../notifications";
import { holdersOfPermissionOnGrid } from "../../roles";
import { findCaseById, findDueEscalations, firedStages, insertEscalation, insertEvent, setEscalation } from "../cases.repository";
import { addRollupDeltas, markOverdue, markOverdueCases, rollupDeltas } from "../rollups.repository";
import { deliverWebhooks, enqueueWebhook } from "./deliver-webhooks";
import { sweepUnattachedPhotos } from "./manage-photos";

/** Cases examined per batch of one tick. */
const BATCH = 100;
/** Cases the overdue sweep marks per transaction. */
const SWEEP_BATCH = 5_000;

/**
 * Marks every case of a tenant that is not handled yet and past its due time at `now` (and not
 * marked yet) as overdue, with its rollup count, in transactions of SWEEP_BATCH cases; returns how
 * many it marked. The clock runs it on every tick, the rollup rebuild after counting: the
 * evaluation then counts live only the cases that fell due since (ADR 0011).
 */
export async function sweepOverdue(db: Db, tenantId: string, now: Date): Promise<number> {
  let marked = 0;
  for (;;) {
    const n = await db.transaction((tx) => markOverdueCases(tx, tenantId, now, SWEEP_BATCH));
    marked += n;
    if (n < SWEEP_BATCH) return marked;
  }
}

/**
 * The case clock: fires the 80 % warning, the overdue mark and the escalations up the grid
 * (autonomous grid → disposal-grid council → sub-district) with 督办 notices, from the schedule
 * in working time. Everything it knows lives in the database — `next_escalation_at` says which
 * cases to look at, `case_escalations` (key: case, clock round, stage) what already fired — so
 * it survives restarts: a stage missed while the process was down fires on the next tick, once.
 * Two ticks racing (two processes on one PostgreSQL) both lock the case row; the second finds the
 * stage already recorded and does nothing. It acts as the system (no authorization to check).
 */
export class CaseClock {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private analyzedAt = Date.now();

  constructor(
    private readonly deps: Deps,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  private context(): RequestContext {
    return { ...this.deps, requestId: "clock", ip: "127.0.0.1", locale: "zh-CN", userAgent: null };
  }

  /**
   * One pass at `now`: escalations, then the overdue sweep (the due cases no escalation marked:
   * no schedule, bulk loads, imports), then webhook deliveries, then stale unattached photos.
   */
  async tick(now: Date = this.deps.clock()): Promise<{ fired: number }> {
    const fired = await this.escalate(now);
    await sweepOverdue(this.deps.db, this.deps.tenantId, now);
    await deliverWebhooks(this.deps.db, this.deps.config, this.deps.tenantId, now);
    await sweepUnattachedPhotos(this.context(), now);
    // PGlite has no autovacuum: refresh the planner's statistics every few hours as cases grow.
    if (this.deps.database.kind === "pglite" && Date.now() - this.analyzedAt > 6 * 3_600_000) {
      this.analyzedAt = Date.now();
      await this.deps.database.query("analyze");
    }
    return { fired };
  }

  /** Starts ticking every `intervalMs` (one tick at a time); `stop()` waits for the current one. */
  start(intervalMs: number): void {
    const run = () => {
      this.running = this.tick()
        .catch(this.onError)
        .finally(() => {
          this.running = undefined;
          if (this.timer) this.timer = setTimeout(run, intervalMs);
        });
    };
    this.timer = setTimeout(run, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async escalate(now: Date): Promise<number> {
    const cal = await this.deps.calendar.get();
    let fired = 0;
    for (;;) {
      const due = await findDueEscalations(this.deps.db, this.deps.tenantId, now, BATCH);
      for (const id of due) fired += await this.escalateCase(id, now, cal);
      if (due.length < BATCH) return fired;
    }
  }

  private async escalateCase(id: string, now: Date, cal: WorkCalendar): Promise<number> {
    const ctx = { ...this.context(), actor: systemPrincipal(this.deps.tenantId, "system") };
    const tenantId = this.deps.tenantId;
    return this.deps.db.transaction(async (tx) => {
      const row = await findCaseById(tx, tenantId, id, true);
      const c = row?.c;
      if (!c || !isRunning(c.state) || !c.nextEscalationAt || c.nextEscalationAt > now || !c.dispatchedAt || !c.handleDueAt) {
        if (c && c.nextEscalationAt && !isRunning(c.state)) await setEscalation(tx, tenantId, id, { nextEscalationAt: null });
        return 0;
      }
      const schedule = escalationSchedule(c.dispatchedAt, c.handleDueAt, cal);
      const fired = await firedStages(tx, tenantId, id, c.round);
      let count = 0;
      let highest: EscalationStage | null = (c.escalation as EscalationStage | null) ?? null;
      for (const stage of stagesDue(schedule, fired, now)) {
        const level = ESCALATION_TARGET_LEVEL[stage];
        const targetGridId = level === GRID_LEVEL.micro ? c.gridId : ancestorAt(row.gridPath, level);
        const at = schedule.find((p) => p.stage === stage)!.at;
        fired.add(stage);
        if (!(await insertEscalation(tx, tenantId, { caseId: id, round: c.round, stage, dueAt: at, firedAt: now, targetGridId }))) continue;
        count++;
        highest = stage;
        const label = ESCALATION_STAGE_LABELS[stage];
        const warning = stage === "warning";
        await insertEvent(tx, tenantId, {
          caseId: id,
          action: warning ? "warn" : "escalate",
          fromState: c.state,
          toState: c.state,
          at: now,
          actorId: null,
          actorLabel: "system",
          note: warning ? null : `督办：${label["zh-CN"]}`,
          data: { stage, level, targetGridId, dueAt: at.toISOString(), handleDueAt: c.handleDueAt.toISOString() },
        });
        const targets = [c.assigneeUserId, ...(await holdersOfPermissionOnGrid(tx, tenantId, "cases.dispatch", level === GRID_LEVEL.subdistrict ? null : targetGridId))];
        await notifyUsers(tx, tenantId, targets, {
          kind: warning ? "due_soon" : "supervise",
          caseId: id,
          subjectLabel: c.number,
          title: warning ? { "zh-CN": `临期预警：案件 ${c.number}`, en: `Due soon: case ${c.number}` } : { "zh-CN": `督办通知：案件 ${c.number}（${label["zh-CN"]}）`, en: `Supervision notice: case ${c.number} (${label.en})` },
          body: { "zh-CN": `处置期限 ${c.handleDueAt.toISOString()}`, en: `Due ${c.handleDueAt.toISOString()}` },
          at: now,
        });
        await recordAudit(tx, ctx, { action: `case.${warning ? "warn" : "escalate"}`, entityType: "case", entityId: id, gridId: c.gridId, after: { stage, round: c.round, targetGridId } });
        await enqueueWebhook(tx, this.deps, "case.escalated", { caseId: id, number: c.number, stage, level, targetGridId }, now);
      }
      await setEscalation(tx, tenantId, id, { escalation: highest, nextEscalationAt: nextEscalationAt(schedule, fired) });
      // From its 100 % stage on the case is marked overdue, and the evaluation rollups count it.
      if (!c.overdueMarked && [...fired].some((stage) => ESCALATION_FRACTIONS[stage] >= 1)) {
        await markOverdue(tx, tenantId, id);
        await addRollupDeltas(tx, tenantId, rollupDeltas(c, { ...c, overdueMarked: true }));
      }
      return count;
    });
  }
}
