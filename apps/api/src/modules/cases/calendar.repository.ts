import { and, asc, eq, like } from "drizzle-orm";
import type { Db } from "../../db/client";
import { workCalendarDays } from "./cases.table";

export type CalendarDayRow = typeof workCalendarDays.$inferSelect;

/** Every holiday and make-up working day of the tenant. */
export async function findCalendarDays(db: Db, tenantId: string): Promise<CalendarDayRow[]> {
  return db.select().from(workCalendarDays).where(eq(workCalendarDays.tenantId, tenantId));
}

/** The exception days of one year, in date order. */
export async function findCalendarYear(db: Db, tenantId: string, year: number): Promise<CalendarDayRow[]> {
  return db
    .select()
    .from(workCalendarDays)
    .where(and(eq(workCalendarDays.tenantId, tenantId), like(workCalendarDays.date, `${year}-%`)))
    .orderBy(asc(workCalendarDays.date));
}

export async function findCalendarDay(db: Db, tenantId: string, date: string): Promise<CalendarDayRow | undefined> {
  const [row] = await db.select().from(workCalendarDays).where(and(eq(workCalendarDays.tenantId, tenantId), eq(workCalendarDays.date, date)));
  return row;
}

/** Marks a date as a holiday or a make-up working day (replacing what it was). */
export async function upsertCalendarDay(tx: Db, tenantId: string, day: { date: string; kind: string; name: string }): Promise<void> {
  await tx
    .insert(workCalendarDays)
    .values({ tenantId, ...day })
    .onConflictDoUpdate({ target: [workCalendarDays.tenantId, workCalendarDays.date], set: { kind: day.kind, name: day.name } });
}

/** Removes a date's exception; returns what was removed. */
export async function deleteCalendarDay(tx: Db, tenantId: string, date: string): Promise<CalendarDayRow | undefined> {
  const [removed] = await tx.delete(workCalendarDays).where(and(eq(workCalendarDays.tenantId, tenantId), eq(workCalendarDays.date, date))).returning();
  return removed;
}
