import { CN_CALENDAR_2021_2026 } from "@caihong/domain";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { workCalendarDays } from "../modules/cases/cases.table";

/** Ships the 2021–2026 mainland-China holiday calendar to a tenant that has none (editable afterwards). */
export async function seedCalendar(tx: Db, tenantId: string): Promise<number> {
  const [any] = await tx.select({ date: workCalendarDays.date }).from(workCalendarDays).where(eq(workCalendarDays.tenantId, tenantId)).limit(1);
  if (any) return 0;
  await tx.insert(workCalendarDays).values(CN_CALENDAR_2021_2026.map((d) => ({ tenantId, date: d.date, kind: d.kind, name: d.name })));
  return CN_CALENDAR_2021_2026.length;
}
