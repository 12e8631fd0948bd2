import { WorkCalendar, type CalendarDay } from "@caihong/domain";
import type { Db } from "../../db/client";
import type { CalendarSource, ChangeBus } from "../../lib/context";
import { findCalendarDays } from "./calendar.repository";

/**
 * The tenant's working-time calendar: Monday–Friday 09:00–12:00 and 13:00–18:00 (Asia/Shanghai)
 * minus the holidays plus the make-up working days stored in `work_calendar_days`. Built once and
 * dropped on every calendar change the change bus reports (from any process); shared by intake,
 * transitions and the clock. Every calendar edit calls `changed(tx)` in its transaction.
 */
export class CalendarProvider implements CalendarSource {
  private built: Promise<WorkCalendar> | undefined;

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
    private readonly changes: ChangeBus,
  ) {
    changes.subscribe("calendar", (event) => {
      if (event.tenantId === null || event.tenantId === tenantId) this.built = undefined;
    });
  }

  get(): Promise<WorkCalendar> {
    if (this.built) return this.built;
    // Assigned before the rows are read: a change heard while they are read drops this very load.
    const loading = this.load();
    this.built = loading;
    loading.catch(() => {
      if (this.built === loading) this.built = undefined;
    });
    return loading;
  }

  /** Announces a calendar edit in its transaction: every process reloads the calendar after the commit. */
  changed(tx: Db): Promise<void> {
    return this.changes.publish(tx, this.tenantId, "calendar");
  }

  private load(): Promise<WorkCalendar> {
    return loadWorkCalendar(this.db, this.tenantId);
  }
}

/** The tenant's calendar read once, uncached (the seed's case player). */
export async function loadWorkCalendar(db: Db, tenantId: string): Promise<WorkCalendar> {
  const rows = await findCalendarDays(db, tenantId);
  return new WorkCalendar(rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDay["kind"], name: r.name })));
}
