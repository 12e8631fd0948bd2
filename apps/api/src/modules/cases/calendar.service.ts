import { DEFAULT_WORK_HOURS } from "@caihong/domain";
import { and, asc, eq, like } from "drizzle-orm";
import { recordAudit } from "../audit";
import type { ActorContext } from "../../lib/context";
import { AppError } from "../../lib/errors";
import { authorize } from "../../lib/policy";
import { workCalendarDays } from "./cases.table";

/** A year's holidays and make-up working days (any signed-in caller: due times are shown to all). */
export async function getCalendar(ctx: ActorContext, year: number) {
  const rows = await ctx.db
    .select()
    .from(workCalendarDays)
    .where(and(eq(workCalendarDays.tenantId, ctx.tenantId), like(workCalendarDays.date, `${year}-%`)))
    .orderBy(asc(workCalendarDays.date));
  return { year, workHours: DEFAULT_WORK_HOURS.map((p) => ({ start: p.start, end: p.end })), days: rows.map((r) => ({ date: r.date, kind: r.kind as "holiday" | "workday", name: r.name })) };
}

/** Marks a date as a holiday or a make-up working day (cases.configure; audited). */
export async function putCalendarDay(ctx: ActorContext, date: string, input: { kind: "holiday" | "workday"; name: string }) {
  authorize(ctx.actor, "cases.configure");
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(workCalendarDays).where(and(eq(workCalendarDays.tenantId, ctx.tenantId), eq(workCalendarDays.date, date)));
    await tx
      .insert(workCalendarDays)
      .values({ tenantId: ctx.tenantId, date, kind: input.kind, name: input.name })
      .onConflictDoUpdate({ target: [workCalendarDays.tenantId, workCalendarDays.date], set: { kind: input.kind, name: input.name } });
    await recordAudit(tx, ctx, { action: "calendar.put", entityType: "calendar_day", entityId: null, before: before ?? null, after: { date, ...input } });
  });
  ctx.calendar.invalidate();
  return getCalendar(ctx, Number(date.slice(0, 4)));
}

/** Returns a date to the Monday–Friday rule. */
export async function deleteCalendarDay(ctx: ActorContext, date: string) {
  authorize(ctx.actor, "cases.configure");
  await ctx.db.transaction(async (tx) => {
    const removed = await tx.delete(workCalendarDays).where(and(eq(workCalendarDays.tenantId, ctx.tenantId), eq(workCalendarDays.date, date))).returning();
    if (removed.length === 0) throw new AppError("NOT_FOUND");
    await recordAudit(tx, ctx, { action: "calendar.delete", entityType: "calendar_day", entityId: null, before: removed[0] });
  });
  ctx.calendar.invalidate();
  return getCalendar(ctx, Number(date.slice(0, 4)));
}
