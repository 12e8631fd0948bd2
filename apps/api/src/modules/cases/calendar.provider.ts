import { WorkCalendar, type CalendarDay } from "@caihong/domain";
import type { Db } from "../../db/client";
import type { CalendarSource } from "../../lib/context";
import { findCalendarDays } from "./calendar.repository";

/**
 * The tenant's working-time calendar: Monday–Friday 09:00–12:00 and 13:00–18:00 (Asia/Shanghai)
 * minus the holidays plus the make-up working days stored in `work_calendar_days`. Built once and
 * rebuilt after an edit (`invalidate()`); shared by intake, transitions and the clock.
 */
export class CalendarProvider implements CalendarSource {
  private built: Promise<WorkCalendar> | undefined;

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
  ) {}

  get(): Promise<WorkCalendar> {
    this.built ??= this.load().catch((err: unknown) => {
      this.built = undefined;
      throw err;
    });
    return this.built;
  }

  invalidate(): void {
    this.built = undefined;
  }

  private async load(): Promise<WorkCalendar> {
    const rows = await findCalendarDays(this.db, this.tenantId);
    return new WorkCalendar(rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDay["kind"], name: r.name })));
  }
}
