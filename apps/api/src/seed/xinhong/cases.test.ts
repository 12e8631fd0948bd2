import { CASE_STATES, FINISHED_STATES } from "@caihong/contracts";
import { CN_CALENDAR_2021_2026, WorkCalendar, buildGridIndex, decide, type CaseCommand, type CaseRole, type CaseSnapshot, type CaseState, type GridGeometry, type Satisfaction } from "@caihong/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { ADMIN_PASSWORD, createTestApp, login, type Session, type TestApp } from "../../test/harness";
import { duesFor } from "../../modules/cases";
import { caseCategories } from "../../modules/cases/cases.table";
import { seedDemoCases, seedTenant } from "..";

/**
 * The first start loads about six months of Xinhong demo cases (2021-05 … 2021-10). These tests
 * read what landed: volumes, states, that every history is legal, that the columns are what the
 * live service would have written, and that the figures look like a real sub-district's.
 */
let t: TestApp;
let database: Database;
let admin: Session;
const cal = new WorkCalendar(CN_CALENDAR_2021_2026);

interface CaseRow {
  id: string;
  number: string;
  state: CaseState;
  channel: string;
  category_id: string;
  grid_id: string | null;
  lng: number | null;
  lat: number | null;
  reported_at: Date;
  dispatched_at: Date | null;
  ack_due_at: Date | null;
  warn_at: Date | null;
  handle_due_at: Date | null;
  close_due_at: Date | null;
  handled_at: Date | null;
  closed_at: Date | null;
  voided_at: Date | null;
  verified_at: Date | null;
  handling_minutes: number | null;
  handled_on_time: boolean | null;
  closed_on_time: boolean | null;
  self_resolved: boolean;
  satisfaction: Satisfaction | null;
  merged_into_id: string | null;
  round: number;
  rework_count: number;
  return_count: number;
  extension_count: number;
  reopen_count: number;
  escalation: string | null;
  next_escalation_at: Date | null;
  is_demo: boolean;
  resume_state: CaseState | null;
  extension_due_at: Date | null;
}

interface EventRow {
  case_id: string;
  action: string;
  from_state: CaseState | null;
  to_state: CaseState;
  at: Date;
  note: string | null;
  reason: string | null;
  data: Record<string, unknown>;
  photo_ids: string[];
}

let rows: CaseRow[];
const count = async (sql: string) => Number((await database.query<{ n: number }>(sql))[0]!.n);

beforeAll(async () => {
  t = await createTestApp({ seedDemoCases: true });
  database = t.app.deps.database;
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  rows = await database.query<CaseRow>("select * from cases order by number");
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe("the Xinhong demo cases after the first start", () => {
  it("cover every month from May to October 2021 at 8–14 reports a day, more on weekdays", async () => {
    const months = await database.query<{ m: string; n: number }>(
      "select to_char(reported_at at time zone 'Asia/Shanghai', 'YYYY-MM') as m, count(*)::int as n from cases group by 1 order by 1",
    );
    expect(months.map((r) => r.m)).toEqual(["2021-05", "2021-06", "2021-07", "2021-08", "2021-09", "2021-10"]);
    for (const r of months) expect(r.n, r.m).toBeGreaterThan(200);
    expect(rows.length).toBeGreaterThanOrEqual(1500);
    expect(rows.length).toBeLessThanOrEqual(2500);
    const perDay = await database.query<{ working: boolean; avg: number }>(`
      select extract(isodow from reported_at at time zone 'Asia/Shanghai') < 6 as working, avg(n)::float as avg
      from (select date_trunc('day', reported_at at time zone 'Asia/Shanghai') as reported_at, count(*) as n from cases group by 1) d group by 1`);
    const weekday = perDay.find((r) => r.working)!.avg;
    const weekend = perDay.find((r) => !r.working)!.avg;
    expect(weekday).toBeGreaterThan(weekend);
    expect(weekday).toBeGreaterThanOrEqual(8);
    expect(weekday).toBeLessThanOrEqual(14);
  });

  it("show the July 2021 typhoon (烟花) as a spike of flooded roads", async () => {
    const flooded = await database.query<{ d: string; n: number }>(`
      select to_char(k.reported_at at time zone 'Asia/Shanghai', 'MM-DD') as d, count(*)::int as n
      from cases k join case_categories c on c.tenant_id = k.tenant_id and c.id = k.category_id
      where c.code = '0401' and k.reported_at >= '2021-07-01' and k.reported_at < '2021-08-01' group by 1`);
    const byDay = Object.fromEntries(flooded.map((r) => [r.d, r.n]));
    expect(byDay["07-26"]).toBeGreaterThanOrEqual(10);
    expect(Math.max(...flooded.filter((r) => !["07-25", "07-26", "07-27"].includes(r.d)).map((r) => r.n))).toBeLessThan(byDay["07-26"]!);
  });

  it("reach every state, and include returned, reworked, extended, reopened, merged, voided and self-resolved cases", () => {
    const states = new Set(rows.map((r) => r.state));
    for (const s of CASE_STATES) {
      expect(states, s).toContain(s);
    }
    expect(rows.filter((r) => r.return_count > 0).length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.rework_count > 0).length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.extension_count > 0).length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.reopen_count > 0).length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.self_resolved).length).toBeGreaterThan(50);
    const open = rows.filter((r) => !(FINISHED_STATES as readonly string[]).includes(r.state));
    expect(open.length).toBeGreaterThanOrEqual(10);
    expect(open.length).toBeLessThanOrEqual(80);
  });

  it("come in through every channel in about the shares Xinhong sees", () => {
    const share = (channel: string) => rows.filter((r) => r.channel === channel).length / rows.length;
    expect(share("resident_app")).toBeGreaterThan(0.28);
    expect(share("patrol")).toBeGreaterThan(0.24);
    expect(share("hotline")).toBeGreaterThan(0.2);
    expect(share("staff_proxy")).toBeGreaterThan(0.02);
    expect(share("open311")).toBeGreaterThan(0.02);
  });

  it("have histories that replay through the state machine to the stored state and counters", async () => {
    const events = await database.query<EventRow>("select case_id, action, from_state, to_state, at, note, reason, data, photo_ids from case_events order by at, seq");
    const byCase = new Map<string, EventRow[]>();
    for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
    const problems: string[] = [];
    for (const c of rows) {
      const history = byCase.get(c.id) ?? [];
      if (history[0]?.action !== "report") problems.push(`${c.number}: does not start with report`);
      const snap: CaseSnapshot = { state: "reported", resumeState: null, extensionPending: false, hasAssignee: false, reportedByCaller: false, closedAt: null, satisfaction: null, round: 0, reworkCount: 0, returnCount: 0, extensionCount: 0, reopenCount: 0 };
      for (const e of history.slice(1)) {
        // The clock's marks and the note on a main case that absorbed a duplicate are not steps.
        if (e.action === "warn" || e.action === "escalate" || (e.action === "merge" && e.data.duplicate)) {
          if (e.from_state !== snap.state || e.to_state !== snap.state) problems.push(`${c.number}: ${e.action} outside the state ${snap.state}`);
          continue;
        }
        const command: CaseCommand = {
          action: e.action as CaseCommand["action"],
          note: e.note,
          reason: e.reason,
          assigneeChosen: !!e.data.assignee,
          dueAt: typeof e.data.dueAt === "string" ? new Date(e.data.dueAt) : null,
          satisfaction: (e.data.satisfaction as Satisfaction | undefined) ?? null,
          // The demo ships no photos; a live 自办自结 carries one.
          photoCount: e.action === "self_resolve" ? 1 : e.photo_ids.length,
          mainCaseId: (e.data.mainCase as { id: string } | undefined)?.id ?? null,
        };
        const role: CaseRole = ["acknowledge", "start", "handle", "request_return", "request_extension", "self_resolve"].includes(e.action) ? "handler" : e.action === "rate" ? "reporter" : "dispatcher";
        const decision = decide({ ...snap, reportedByCaller: e.action === "self_resolve" }, command, new Set([role]), e.at, { reopenWindowDays: t.config.reopenWindowDays });
        if (!decision.ok) {
          problems.push(`${c.number}: ${e.action} from ${snap.state}: ${decision.error}`);
          break;
        }
        if (e.from_state !== snap.state || e.to_state !== decision.to) problems.push(`${c.number}: ${e.action} recorded ${e.from_state}→${e.to_state}, machine ${snap.state}→${decision.to}`);
        Object.assign(snap, decision.changes, { state: decision.to });
        if (e.action === "dispatch") snap.hasAssignee = true;
        if (e.action === "approve_return") snap.hasAssignee = false;
      }
      const stored = { state: c.state, round: c.round, rework: c.rework_count, returns: c.return_count, extensions: c.extension_count, reopens: c.reopen_count, satisfaction: c.satisfaction, resume: c.resume_state, pending: c.extension_due_at !== null };
      const replayed = { state: snap.state, round: snap.round, rework: snap.reworkCount, returns: snap.returnCount, extensions: snap.extensionCount, reopens: snap.reopenCount, satisfaction: snap.satisfaction, resume: snap.resumeState, pending: snap.extensionPending };
      if (JSON.stringify(stored) !== JSON.stringify(replayed)) problems.push(`${c.number}: stored ${JSON.stringify(stored)}, replayed ${JSON.stringify(replayed)}`);
    }
    expect(problems).toEqual([]);
  });

  it("carry the columns the live service writes: dues on the 2021 calendar, on-time flags, working minutes, escalations", async () => {
    const categories = new Map((await t.app.deps.db.select().from(caseCategories)).map((c) => [c.id, c]));
    const fired = await database.query<{ case_id: string; round: number; stage: string; due_at: Date; fired_at: Date; target_grid_id: string | null }>("select * from case_escalations");
    const firedKeys = new Set(fired.map((f) => `${f.case_id}/${f.round}/${f.stage}`));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const problems: string[] = [];
    const check = (ok: boolean, c: CaseRow, what: string) => {
      if (!ok) problems.push(`${c.number} (${c.state}): ${what}`);
    };
    for (const c of rows) {
      check(c.next_escalation_at === null, c, "next_escalation_at set");
      if (c.state === "closed") check(c.closed_at !== null && c.closed_on_time !== null && c.handled_on_time !== null, c, "closed without closed_at or on-time flags");
      if (c.state === "voided") check(c.voided_at !== null, c, "voided without voided_at");
      if (c.state === "merged") {
        const main = c.merged_into_id ? byId.get(c.merged_into_id) : undefined;
        check(!!main && main.state !== "merged" && main.state !== "voided" && main.reported_at < c.reported_at, c, "merged into nothing valid");
      }
      if (c.satisfaction !== null) check(c.state === "closed", c, "rated but not closed");
      if (["handled", "verified", "closed"].includes(c.state)) check(c.handled_at !== null && c.handled_on_time !== null, c, "handled without handled_at");
      if (c.self_resolved) check(c.state === "closed" && c.handling_minutes === 0 && c.handled_on_time === true && c.dispatched_at === null, c, "self-resolved columns");
      if (c.dispatched_at && c.handled_at) check(c.handling_minutes === Math.round(cal.workingMinutesBetween(c.dispatched_at, c.handled_at)), c, "handling_minutes");
      const firstRoundOnly = c.rework_count === 0 && c.reopen_count === 0 && !c.self_resolved;
      if (firstRoundOnly && c.handled_at && c.handle_due_at) check(c.handled_on_time === c.handled_at <= c.handle_due_at, c, "handled_on_time");
      if (firstRoundOnly && c.state === "closed" && c.close_due_at) check(c.closed_on_time === c.closed_at! <= c.close_due_at, c, "closed_on_time");
      if (c.dispatched_at && c.handle_due_at && c.extension_count === 0) {
        const dues = duesFor(cal, categories.get(c.category_id)!, c.dispatched_at);
        check(
          dues.handleDueAt.getTime() === c.handle_due_at.getTime() && dues.ackDueAt.getTime() === c.ack_due_at?.getTime() && dues.closeDueAt.getTime() === c.close_due_at?.getTime() && dues.warnAt.getTime() === c.warn_at?.getTime(),
          c,
          "dues differ from duesFor on the 2021 calendar",
        );
      }
      if (c.escalation) check(firedKeys.has(`${c.id}/${c.round}/${c.escalation}`), c, `escalation ${c.escalation} never fired`);
    }
    for (const f of fired) {
      const c = byId.get(f.case_id)!;
      check(f.fired_at >= f.due_at && f.fired_at.getTime() - f.due_at.getTime() < 86_400_000 * 30, c, `stage ${f.stage} fired at ${f.fired_at.toISOString()} for ${f.due_at.toISOString()}`);
      if (f.stage === "warning") check(f.target_grid_id === c.grid_id, c, "warning not sent to the micro grid");
    }
    expect(problems).toEqual([]);
    // A due time over 国庆: dispatched before the holiday, due after it.
    const overHoliday = rows.find((c) => c.dispatched_at && c.handle_due_at && c.dispatched_at < new Date("2021-09-30T16:00:00Z") && c.handle_due_at > new Date("2021-10-07T16:00:00Z") && c.extension_count === 0);
    expect(overHoliday).toBeDefined();
  });

  it("place every case inside the micro grid it is filed in", async () => {
    const cells = await database.query<{ id: string; boundary: GridGeometry }>("select id, boundary from grids where level = 4 and valid_to is null");
    const index = buildGridIndex(cells.map((c) => ({ id: c.id, geometry: c.boundary })));
    const misplaced = rows.filter((c) => c.lng === null || index.locate(c.lng, c.lat!) !== c.grid_id).map((c) => c.number);
    expect(misplaced).toEqual([]);
  });

  it("look like a real sub-district's evaluation: 80–95 % handled on time and 80–95 % satisfied", () => {
    const handled = rows.filter((r) => r.handled_on_time !== null && !r.self_resolved);
    const onTime = handled.filter((r) => r.handled_on_time).length / handled.length;
    expect(onTime).toBeGreaterThanOrEqual(0.8);
    expect(onTime).toBeLessThanOrEqual(0.95);
    const rated = rows.filter((r) => r.satisfaction !== null);
    const satisfied = rated.filter((r) => r.satisfaction !== "dissatisfied").length / rated.length;
    expect(rated.length).toBeGreaterThan(300);
    expect(satisfied).toBeGreaterThanOrEqual(0.8);
    expect(satisfied).toBeLessThanOrEqual(0.95);
  });

  it("are all marked demo, with contacts encrypted and 12345 order numbers unique", async () => {
    expect(rows.every((r) => r.is_demo)).toBe(true);
    expect(
      await count(`select count(*) as n from cases where reporter_phone_enc ~ '^[0-9 +-]+$' or reporter_phone_enc not like 'v1.%' or reporter_name_enc not like 'v1.%'
        or description ~ '1[3-9][0-9]{9}' or address ~ '1[3-9][0-9]{9}'`),
    ).toBe(0);
    const contacts = await database.query<{ reporter_name_enc: string; reporter_phone_enc: string }>("select reporter_name_enc, reporter_phone_enc from cases where reporter_phone_enc is not null order by number limit 50");
    expect(contacts.length).toBe(50);
    for (const c of contacts) expect(t.app.deps.pd.decrypt(c.reporter_phone_enc)).toMatch(/^1990000\d{4}$/);
    expect(await count("select count(*) as n from cases where channel = 'hotline' and hotline_order_no !~ '^21(0[5-9]|10)[0-9]{8}$'")).toBe(0);
    expect(await count("select count(*) as n from cases where channel <> 'hotline' and hotline_order_no is not null")).toBe(0);
    expect(await count("select count(*) as n from case_photos")).toBe(0);
  });

  it("are numbered XH-2021-000001… in report order, and live cases continue after the last", async () => {
    const byTime = [...rows].sort((a, b) => a.reported_at.getTime() - b.reported_at.getTime());
    expect(byTime.map((r) => r.number)).toEqual(byTime.map((_, i) => `XH-2021-${String(i + 1).padStart(6, "0")}`));
    expect(await count("select last as n from case_counters where tenant_id = 'xinhong' and year = 2021")).toBe(rows.length);
  });

  it("are listed and opened through the API by admin", async () => {
    const page = await admin.request("GET", "/api/v1/cases?limit=50");
    expect(page.statusCode, page.body).toBe(200);
    const items = page.json().items as { id: string; number: string }[];
    expect(items).toHaveLength(50);
    expect(items.every((i) => /^XH-2021-\d{6}$/.test(i.number))).toBe(true);
    const open = await admin.request("GET", "/api/v1/cases?open=true&limit=200");
    expect(open.json().items.length).toBe(rows.filter((r) => !(FINISHED_STATES as readonly string[]).includes(r.state)).length);
    const reopened = rows.find((r) => r.reopen_count > 0 && r.state === "closed")!;
    const detail = await admin.request("GET", `/api/v1/cases/${reopened.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const actions = (detail.json().events as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["report", "dispatch", "handle", "close", "reopen"]));
    expect(actions[0]).toBe("report");
  });

  it("fix the tenant's reference date at the demo's last day, so pages open on its figures", async () => {
    const time = (await admin.request("GET", "/api/v1/settings/time")).json() as { referenceDate: string; isFixed: boolean };
    expect(time).toMatchObject({ referenceDate: "2021-10-31", isFixed: true });
  });

  it("are audited with the demo load, and loading again adds nothing", async () => {
    const [audit] = await database.query<{ after: { cases: { cases: number; caseEvents: number } } }>("select after from audit_log where action = 'demo.seed'");
    expect(audit!.after.cases.cases).toBe(rows.length);
    expect(audit!.after.cases.caseEvents).toBe(await count("select count(*) as n from case_events"));
    const tables = ["cases", "case_events", "case_escalations", "audit_log"];
    const before = await Promise.all(tables.map((table) => count(`select count(*) as n from ${table}`)));
    expect(await seedTenant(t.app.deps.db, t.config, t.app.deps.pd)).toMatchObject({ demo: null });
    expect(await t.app.deps.db.transaction((tx) => seedDemoCases(tx, "xinhong", t.app.deps.pd))).toBeNull();
    expect(await Promise.all(tables.map((table) => count(`select count(*) as n from ${table}`)))).toEqual(before);
  });
});
