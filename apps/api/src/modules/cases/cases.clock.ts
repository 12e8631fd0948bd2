import { ESCALATION_STAGE_LABELS } from "@caihong/contracts";
import { ESCALATION_TARGET_LEVEL, escalationSchedule, nextEscalationAt, stagesDue, type EscalationStage } from "@caihong/domain";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Deps, RequestContext } from "../../lib/context";
import { recordAudit } from "../audit";
import { RUNNING_STATES } from "./cases.repository";
import { dispatchersOfGrid, enqueueWebhook, deliverWebhooks, notifyUsers } from "./cases.notify";
import { caseEscalations, caseEvents, cases } from "./cases.table";
import { grids } from "../grids/grids.table";
import { sweepUnattachedPhotos } from "./photos.service";

/** The grid at `level` on a micro grid's path `/l1/l2/l3/l4/` (null when the path is shorter). */
export function ancestorAt(path: string | null, level: number): string | null {
  if (!path) return null;
  return path.split("/").filter(Boolean)[level - 1] ?? null;
}

/**
 * The case clock: fires the 80 % warning, the overdue mark and the escalations up the grid
 * (autonomous grid → disposal-grid council → sub-district) with 督办 notices, from the schedule
 * in working time. Everything it knows lives in the database — `next_escalation_at` says which
 * cases to look at, `case_escalations` (key: case, clock round, stage) what already fired — so
 * it survives restarts: a stage missed while the process was down fires on the next tick, once.
 * Two ticks racing (two processes on one PostgreSQL) both lock the case row; the second finds the
 * stage already recorded and does nothing.
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

  /** One pass at `now`: escalations, then webhook deliveries, then stale unattached photos. */
  async tick(now: Date = this.deps.clock()): Promise<{ fired: number }> {
    const fired = await this.escalate(now);
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
      const due = await this.deps.db
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.tenantId, this.deps.tenantId), lte(cases.nextEscalationAt, now), inArray(cases.state, [...RUNNING_STATES])))
        .orderBy(asc(cases.nextEscalationAt))
        .limit(100);
      let progressed = 0;
      for (const { id } of due) {
        const n = await this.escalateCase(id, now, cal);
        fired += n;
        progressed++;
      }
      if (due.length < 100 || progressed === 0) return fired;
    }
  }

  private async escalateCase(id: string, now: Date, cal: Awaited<ReturnType<Deps["calendar"]["get"]>>): Promise<number> {
    const ctx = this.context();
    const tenantId = this.deps.tenantId;
    return this.deps.db.transaction(async (tx) => {
      await tx.select({ id: cases.id }).from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id))).for("update");
      const [row] = await tx
        .select({ c: cases, path: grids.path })
        .from(cases)
        .leftJoin(grids, and(eq(grids.tenantId, cases.tenantId), eq(grids.id, cases.gridId)))
        .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
      const c = row?.c;
      if (!c || !(RUNNING_STATES as readonly string[]).includes(c.state) || !c.nextEscalationAt || c.nextEscalationAt > now || !c.dispatchedAt || !c.handleDueAt) {
        if (c && c.nextEscalationAt && !(RUNNING_STATES as readonly string[]).includes(c.state)) {
          await tx.update(cases).set({ nextEscalationAt: null }).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
        }
        return 0;
      }
      const schedule = escalationSchedule(c.dispatchedAt, c.handleDueAt, cal);
      const firedRows = await tx.select({ stage: caseEscalations.stage }).from(caseEscalations).where(and(eq(caseEscalations.tenantId, tenantId), eq(caseEscalations.caseId, id), eq(caseEscalations.round, c.round)));
      const fired = new Set(firedRows.map((r) => r.stage as EscalationStage));
      const stages = stagesDue(schedule, fired, now);
      let count = 0;
      let highest: EscalationStage | null = (c.escalation as EscalationStage | null) ?? null;
      for (const stage of stages) {
        const level = ESCALATION_TARGET_LEVEL[stage];
        const targetGridId = level === 4 ? c.gridId : ancestorAt(row.path, level);
        const at = schedule.find((p) => p.stage === stage)!.at;
        const inserted = await tx
          .insert(caseEscalations)
          .values({ tenantId, caseId: id, round: c.round, stage, dueAt: at, firedAt: now, targetGridId })
          .onConflictDoNothing()
          .returning({ stage: caseEscalations.stage });
        fired.add(stage);
        if (inserted.length === 0) continue;
        count++;
        highest = stage;
        const label = ESCALATION_STAGE_LABELS[stage];
        await tx.insert(caseEvents).values({
          tenantId,
          caseId: id,
          action: stage === "warning" ? "warn" : "escalate",
          fromState: c.state,
          toState: c.state,
          at: now,
          actorId: null,
          actorLabel: "system",
          note: stage === "warning" ? null : `督办：${label["zh-CN"]}`,
          data: { stage, level, targetGridId, dueAt: at.toISOString(), handleDueAt: c.handleDueAt.toISOString() },
        });
        const targets = [c.assigneeUserId, ...(await dispatchersOfGrid(tx, tenantId, level === 1 ? null : targetGridId))];
        await notifyUsers(tx, tenantId, targets, {
          kind: stage === "warning" ? "due_soon" : "supervise",
          caseId: id,
          title: stage === "warning" ? { "zh-CN": `临期预警：案件 ${c.number}`, en: `Due soon: case ${c.number}` } : { "zh-CN": `督办通知：案件 ${c.number}（${label["zh-CN"]}）`, en: `Supervision notice: case ${c.number} (${label.en})` },
          body: { "zh-CN": `处置期限 ${c.handleDueAt.toISOString()}`, en: `Due ${c.handleDueAt.toISOString()}` },
          at: now,
        });
        await recordAudit(tx, ctx, { action: `case.${stage === "warning" ? "warn" : "escalate"}`, entityType: "case", entityId: id, gridId: c.gridId, after: { stage, round: c.round, targetGridId } });
        await enqueueWebhook(tx, this.deps.config, tenantId, "case.escalated", { caseId: id, number: c.number, stage, level, targetGridId }, now);
      }
      await tx
        .update(cases)
        .set({ escalation: highest, nextEscalationAt: nextEscalationAt(schedule, fired) })
        .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
      return count;
    });
  }
}

/** How many escalation stages fired per case (for tests and the bench). */
export async function escalationCounts(deps: Pick<Deps, "db" | "tenantId">, caseId: string) {
  const rows = await deps.db
    .select({ stage: caseEscalations.stage, n: sql<number>`count(*)::int` })
    .from(caseEscalations)
    .where(and(eq(caseEscalations.tenantId, deps.tenantId), eq(caseEscalations.caseId, caseId)))
    .groupBy(caseEscalations.stage);
  return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
}
