import { DEFAULT_WORK_HOURS } from "@caihong/domain";
import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { authorizeTenantWide } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { deleteCalendarDay as removeDay, findCalendarDay, findCalendarYear, upsertCalendarDay } from "../calendar.repository";

/** A year's holidays and make-up working days. Any signed-in caller (due times are shown to all): no permission needed. */
export async function getCalendar(ctx: ActorContext, year: number) {
  const rows = await findCalendarYear(ctx.db, ctx.tenantId, year);
  return { year, workHours: DEFAULT_WORK_HOURS.map((p) => ({ start: p.start, end: p.end })), days: rows.map((r) => ({ date: r.date, kind: r.kind as "holiday" | "workday", name: r.name })) };
}

/** Marks a date as a holiday or a make-up working day (cases.configure; audited). */
export async function putCalendarDay(ctx: ActorContext, date: string, input: { kind: "holiday" | "workday"; name: string }) {
  authorizeTenantWide(ctx.actor, "cases.configure");
  await ctx.db.transaction(async (tx) => {
    const before = await findCalendarDay(tx, ctx.tenantId, date);
    await upsertCalendarDay(tx, ctx.tenantId, { date, ...input });
    await recordAudit(tx, ctx, { action: "calendar.put", entityType: "calendar_day", entityId: null, before: before ?? null, after: { date, ...input } });
    await ctx.calendar.changed(tx);
  });
  return getCalendar(ctx, Number(date.slice(0, 4)));
}

/** Returns a date to the Monday–Friday rule (cases.configure; audited). */
export async function deleteCalendarDay(ctx: ActorContext, date: string) {
  authorizeTenantWide(ctx.actor, "cases.configure");
  await ctx.db.transaction(async (tx) => {
    const removed = await removeDay(tx, ctx.tenantId, date);
    if (!removed) throw new AppError("NOT_FOUND");
    await recordAudit(tx, ctx, { action: "calendar.delete", entityType: "calendar_day", entityId: null, before: removed });
    await ctx.calendar.changed(tx);
  });
  return getCalendar(ctx, Number(date.slice(0, 4)));
}
