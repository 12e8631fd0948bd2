import { WorkCalendar, type CalendarDay } from "@caihong/domain";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { workCalendarDays } from "./cases.table";

/**
 * The tenant's working-time calendar: Monday–Friday 09:00–12:00 and 13:00–18:00 (Asia/Shanghai)
 * minus the holidays plus the make-up working days stored in `work_calendar_days`. Built once and
 * rebuilt after an edit (`invalidate()`); shared by intake, transitions and the clock.
 */
export class CalendarProvider {
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
    const rows = await this.db.select().from(workCalendarDays).where(eq(workCalendarDays.tenantId, this.tenantId));
    return new WorkCalendar(rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDay["kind"], name: r.name })));
  }
}
