import ExcelJS from "exceljs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

const MINUTE = 60_000;
const PERIOD = "from=2026-12-01&to=2026-12-31";

interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
}
interface Row {
  key: string;
  name: string;
  reported: number;
  filingRate: Ratio;
  onTimeHandlingRate: Ratio;
  closingRate: Ratio;
  onTimeClosingRate: Ratio;
  reworkRate: Ratio;
  extensionRate: Ratio;
  satisfactionRate: Ratio;
  avgHandlingHours: number | null;
  handledCount: number;
}
interface Evaluation {
  total: Row;
  rows: Row[];
  monthly: { month: string; reported: number; closed: number; overdue: number }[];
}

const RATES = ["filingRate", "onTimeHandlingRate", "closingRate", "onTimeClosingRate", "reworkRate", "extensionRate", "satisfactionRate"] as const;

async function step(s: Session, id: string, body: Record<string, unknown>) {
  const current = (await s.request("GET", `/api/v1/cases/${id}`)).json() as { version: number };
  const res = await s.request("POST", `/api/v1/cases/${id}/transitions`, { version: current.version, ...body });
  expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
}

async function photo(s: Session) {
  const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: "#3a3" } }).jpeg().toBuffer();
  return ((await s.request("POST", "/api/v1/case-photos", jpeg, { "content-type": "image/jpeg" })).json() as { id: string }).id;
}

/** Indicators of a row in a compact form: reported, then numerator/denominator of each rate. */
function figures(r: Row) {
  return { reported: r.reported, ...Object.fromEntries(RATES.map((k) => [k, `${r[k].numerator}/${r[k].denominator}`])), timed: r.handledCount };
}

/**
 * Ten cases reported on Tuesday 2026-12-01 in three micro grids (a and a2 under disposal grid A,
 * b under B), dispatched to one handler and two units, each taking a different path.
 */
async function scenario(t: TestApp) {
  t.clock.set(new Date("2026-12-01T09:00:00+08:00"));
  const admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const ids = await seeded(admin);
  const parentOf = (id: string) => ids.grids.find((g) => g.id === id)!.parentId!;
  const l2 = (id: string) => parentOf(parentOf(id));
  const micros = ids.grids.filter((g) => g.level === 4);
  const a = micros[0]!;
  const a2 = micros.find((g) => g.id !== a.id && l2(g.id) === l2(a.id))!;
  const b = micros.find((g) => l2(g.id) !== l2(a.id))!;
  const A = l2(a.id);
  const B = l2(b.id);
  const centroid = async (id: string) => ((await admin.request("GET", `/api/v1/grids/${id}`)).json() as { centroid: { lng: number; lat: number } }).centroid;
  const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
  const cat = (code: string) => cats.find((c) => c.code === code)!.id;
  const units = ((await admin.request("GET", "/api/v1/units?limit=2")).json() as { items: { id: string; name: string }[] }).items;
  const [u1, u2] = units as [{ id: string; name: string }, { id: string; name: string }];
  const handler = await createUserAndLogin(admin, t.app, { username: "eval-handler", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: A }] });
  const worker = await createUserAndLogin(admin, t.app, { username: "eval-worker", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: a.id }] });
  const resident = await createUserAndLogin(admin, t.app, { username: "eval-resident", roles: [{ roleId: ids.role("resident"), scope: "own" }] });
  const head = await createUserAndLogin(admin, t.app, { username: "eval-head", roles: [{ roleId: ids.role("grid_head"), scope: "subtree", gridId: A }] });

  const report = async (s: Session, body: Record<string, unknown>, gridId: string) => {
    const res = await s.request("POST", "/api/v1/cases", { description: "考核评价测试案件", ...body });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: string; gridId: string };
    expect(c.gridId).toBe(gridId);
    return c.id;
  };
  const byStaff = (code: string, gridId: string) => report(admin, { categoryId: cat(code), gridId, gridOverrideReason: "测试指定网格" }, gridId);
  const dispatch = async (id: string, unitId?: string) => {
    await step(admin, id, { action: "file" });
    await step(admin, id, { action: "dispatch", assignee: { userId: handler.userId, ...(unitId ? { unitId } : {}) } });
    await step(handler, id, { action: "acknowledge" });
  };
  const finish = async (id: string) => {
    await step(admin, id, { action: "verify" });
    await step(admin, id, { action: "close" });
  };

  // C1 (a, unit 1): handled in 30 working minutes, closed on time, rated satisfied on the follow-up call.
  const c1 = await byStaff("0601", a.id);
  await dispatch(c1, u1.id);
  t.clock.advance(30 * MINUTE);
  await step(handler, c1, { action: "handle", note: "已清运" });
  await finish(c1);
  await step(admin, c1, { action: "follow_up", satisfaction: "satisfied" });
  // C2 (a2, unit 1): handled on time, sent back for rework, handled again 30 minutes after dispatch.
  const c2 = await byStaff("0601", a2.id);
  await dispatch(c2, u1.id);
  t.clock.advance(20 * MINUTE);
  await step(handler, c2, { action: "handle", note: "已规整" });
  await step(admin, c2, { action: "rework", reason: "仍有倒伏" });
  t.clock.advance(10 * MINUTE);
  await step(handler, c2, { action: "handle", note: "已全部扶正" });
  await finish(c2);
  // C3 (b, unit 2): extended to 17:00, handled at 13:00 (120 working minutes: lunch does not count).
  const c3 = await byStaff("0504", b.id);
  await dispatch(c3, u2.id);
  const later = new Date("2026-12-01T17:00:00+08:00").toISOString();
  await step(handler, c3, { action: "request_extension", reason: "需联合执法", dueAt: later });
  await step(admin, c3, { action: "approve_extension", dueAt: later });
  t.clock.advance(3 * 60 * MINUTE);
  await step(handler, c3, { action: "handle", note: "已劝离" });
  await finish(c3);
  // C4 (a): a grid worker on patrol resolves what they reported on the spot.
  const c4 = await report(worker, { categoryId: cat("0601"), location: await centroid(a.id) }, a.id);
  await step(worker, c4, { action: "self_resolve", note: "已规整", photoIds: [await photo(worker)] });
  // C5 (b, no unit): a resident's report, handled in 15 minutes, rated 不满意 by the resident.
  const c5 = await report(resident, { categoryId: cat("0601"), location: await centroid(b.id) }, b.id);
  await dispatch(c5);
  t.clock.advance(15 * MINUTE);
  await step(handler, c5, { action: "handle", note: "已清运" });
  await finish(c5);
  await step(resident, c5, { action: "rate", satisfaction: "dissatisfied" });
  // C6 (a2, unit 2): due 15:15, handled late at 16:15 (180 minutes), closed late at 17:45.
  const c6 = await byStaff("0504", a2.id);
  await dispatch(c6, u2.id);
  t.clock.advance(3 * 60 * MINUTE);
  await step(handler, c6, { action: "handle", note: "已处理" });
  await step(admin, c6, { action: "verify" });
  t.clock.advance(90 * MINUTE);
  await step(admin, c6, { action: "close" });
  // C7 (b): not filed (voided). C8 (a): merged into C1. C9 (a2, unit 1): dispatched at 17:45, still open.
  const c7 = await byStaff("0601", b.id);
  await step(admin, c7, { action: "void", reason: "不属于受理范围" });
  const c8 = await byStaff("0601", a.id);
  await step(admin, c8, { action: "merge", mainCaseId: c1 });
  const c9 = await byStaff("0601", a2.id);
  await dispatch(c9, u1.id);
  // C10 (a, unit 2): a resident's report handled in 10 minutes, closed, rated 不满意 and reopened
  // (重办): closed_at, handled_at and the rating are cleared, the first round's on-time flags stay.
  const c10 = await report(resident, { categoryId: cat("0601"), location: await centroid(a.id) }, a.id);
  await dispatch(c10, u2.id);
  t.clock.advance(10 * MINUTE);
  await step(handler, c10, { action: "handle", note: "已清运" });
  await finish(c10);
  await step(resident, c10, { action: "rate", satisfaction: "dissatisfied" });
  await step(admin, c10, { action: "reopen" });
  // A day later C9 (due Wednesday 10:45) is overdue; C10, due again, was handled on time once.
  t.clock.advance(24 * 60 * MINUTE);
  return { admin, handler, worker, head, a, a2, b, A, B, u1, u2, cat, ids, cases: { c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 } };
}

type Scenario = Awaited<ReturnType<typeof scenario>>;

describe("evaluation (考核评价)", () => {
  let t: TestApp;
  let s: Scenario;
  beforeAll(async () => {
    // Sessions outlive the scenario's day and a half of test-clock time.
    t = await createTestApp({ sessionIdleMinutes: 7 * 24 * 60, sessionAbsoluteHours: 7 * 24 });
    s = await scenario(t);
  }, 180_000);
  afterAll(async () => t.close());

  const get = async (session: Session, query: string) => {
    const res = await session.request("GET", `/api/v1/evaluation?${PERIOD}&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Evaluation;
  };
  const drill = async (session: Session, query: string) => {
    const res = await session.request("GET", `/api/v1/evaluation/cases?${PERIOD}&limit=200&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { id: string }[] }).items.map((i) => i.id);
  };

  it("computes every indicator over the sub-district from the cases' steps", async () => {
    const e = await get(s.admin, "groupBy=grid&level=1");
    expect(figures(e.total)).toEqual({
      reported: 10,
      filingRate: "8/9",
      onTimeHandlingRate: "6/8",
      // The reopened C10 is not closed now, but its first closing was on time.
      closingRate: "6/8",
      onTimeClosingRate: "6/8",
      // 处置数 counts the reopened C10 (handled once) although its handled_at was cleared.
      reworkRate: "1/7",
      extensionRate: "1/8",
      satisfactionRate: "1/2",
      timed: 6,
    });
    expect(e.total.filingRate.value).toBeCloseTo(8 / 9);
    // (30 + 30 + 120 + 15 + 180 + 10) working minutes over 6 cases; the on-the-spot resolution is not timed.
    expect(e.total.avgHandlingHours).toBeCloseTo(385 / 6 / 60);
    expect(e.rows).toHaveLength(1);
    expect(figures(e.rows[0]!)).toEqual(figures(e.total));
    expect(e.monthly).toEqual([{ month: "2026-12", reported: 10, closed: 6, overdue: 2 }]);
  });

  it("groups by disposal grid (level 2), busiest first, listing grids without cases too", async () => {
    const e = await get(s.admin, "groupBy=grid&level=2");
    expect(e.rows).toHaveLength(s.ids.grids.filter((g) => g.level === 2).length);
    expect(e.rows.map((r) => r.reported)).toEqual([...e.rows.map((r) => r.reported)].sort((x, y) => y - x));
    const A = e.rows.find((r) => r.key === s.A)!;
    const B = e.rows.find((r) => r.key === s.B)!;
    expect(A.name).toBe(s.ids.grids.find((g) => g.id === s.A)!.name);
    expect(figures(A)).toEqual({ reported: 7, filingRate: "6/6", onTimeHandlingRate: "4/6", closingRate: "4/6", onTimeClosingRate: "4/6", reworkRate: "1/5", extensionRate: "0/6", satisfactionRate: "1/1", timed: 4 });
    expect(A.avgHandlingHours).toBeCloseTo(250 / 4 / 60);
    expect(figures(B)).toEqual({ reported: 3, filingRate: "2/3", onTimeHandlingRate: "2/2", closingRate: "2/2", onTimeClosingRate: "2/2", reworkRate: "0/2", extensionRate: "1/2", satisfactionRate: "0/1", timed: 2 });
    expect(B.avgHandlingHours).toBeCloseTo(135 / 2 / 60);
    const others = e.rows.filter((r) => r.key !== s.A && r.key !== s.B);
    expect(others.every((r) => r.reported === 0 && r.filingRate.value === null && r.avgHandlingHours === null)).toBe(true);
  });

  it("groups by micro grid (level 4)", async () => {
    const e = await get(s.admin, "groupBy=grid&level=4");
    expect(e.rows).toHaveLength(s.ids.grids.filter((g) => g.level === 4).length);
    const row = (id: string) => figures(e.rows.find((r) => r.key === id)!);
    expect(row(s.a.id)).toEqual({ reported: 4, filingRate: "3/3", onTimeHandlingRate: "3/3", closingRate: "2/3", onTimeClosingRate: "3/3", reworkRate: "0/3", extensionRate: "0/3", satisfactionRate: "1/1", timed: 2 });
    expect(row(s.a2.id)).toEqual({ reported: 3, filingRate: "3/3", onTimeHandlingRate: "1/3", closingRate: "2/3", onTimeClosingRate: "1/3", reworkRate: "1/2", extensionRate: "0/3", satisfactionRate: "0/0", timed: 2 });
    expect(row(s.b.id)).toEqual(figures((await get(s.admin, "groupBy=grid&level=2")).rows.find((r) => r.key === s.B)!));
    expect(e.rows.slice(0, 4).map((r) => r.reported)).toEqual([4, 3, 3, 0]);
    expect(e.rows.find((r) => r.key === s.a2.id)!.satisfactionRate.value).toBeNull();
  });

  it("narrows to a grid subtree with gridId", async () => {
    const e = await get(s.admin, `groupBy=grid&level=4&gridId=${s.A}`);
    expect(e.total.reported).toBe(7);
    const under = new Set(s.ids.grids.filter((g) => g.level === 4 && s.ids.grids.find((p) => p.id === s.ids.grids.find((q) => q.id === g.parentId)!.parentId)!.id === s.A).map((g) => g.id));
    expect(new Set(e.rows.map((r) => r.key))).toEqual(under);
  });

  it("groups by responsible unit, cases without a unit in their own row", async () => {
    const e = await get(s.admin, "groupBy=unit");
    expect(e.rows.map((r) => r.reported)).toEqual([4, 3, 3]);
    expect(e.rows[0]!.key).toBe("none");
    expect(new Set(e.rows.slice(1).map((r) => r.key))).toEqual(new Set([s.u1.id, s.u2.id]));
    const row = (key: string) => e.rows.find((r) => r.key === key)!;
    expect(row("none").name).toBe("未指定单位");
    expect(row(s.u1.id).name).toBe(s.u1.name);
    expect(figures(row(s.u1.id))).toEqual({ reported: 3, filingRate: "3/3", onTimeHandlingRate: "2/3", closingRate: "2/3", onTimeClosingRate: "2/3", reworkRate: "1/2", extensionRate: "0/3", satisfactionRate: "1/1", timed: 2 });
    expect(row(s.u1.id).avgHandlingHours).toBeCloseTo(0.5);
    expect(figures(row(s.u2.id))).toEqual({ reported: 3, filingRate: "3/3", onTimeHandlingRate: "2/3", closingRate: "2/3", onTimeClosingRate: "2/3", reworkRate: "0/3", extensionRate: "1/3", satisfactionRate: "0/0", timed: 3 });
    expect(row(s.u2.id).avgHandlingHours).toBeCloseTo(310 / 3 / 60);
    expect(figures(row("none"))).toEqual({ reported: 4, filingRate: "2/3", onTimeHandlingRate: "2/2", closingRate: "2/2", onTimeClosingRate: "2/2", reworkRate: "0/2", extensionRate: "0/2", satisfactionRate: "0/1", timed: 1 });
    expect(figures(e.total)).toEqual(figures((await get(s.admin, "groupBy=grid&level=1")).total));
  });

  it("groups by 大类 with English names when asked in English", async () => {
    const res = await s.admin.request("GET", `/api/v1/evaluation?${PERIOD}&groupBy=category`, undefined, { "accept-language": "en" });
    const e = res.json() as Evaluation;
    const cats = ((await s.admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string; nameEn: string | null }[] }).items;
    const big = (code: string) => cats.find((c) => c.code === code)!;
    expect(e.rows.map((r) => [r.key, r.reported, r.name])).toEqual([
      [big("06").id, 8, big("06").nameEn],
      [big("05").id, 2, big("05").nameEn],
    ]);
    expect(e.total.name).toBe("Total");
  });

  it("opens every figure as exactly the list of cases it counts", async () => {
    const metrics = ["reported", ...RATES, "avgHandlingHours"] as const;
    const groups = [
      { query: "groupBy=grid&level=1", key: undefined },
      { query: "groupBy=grid&level=2", key: s.A },
      { query: "groupBy=grid&level=4", key: s.a2.id },
      { query: "groupBy=unit", key: s.u1.id },
      { query: "groupBy=unit", key: "none" },
      { query: "groupBy=category", key: undefined },
    ];
    for (const g of groups) {
      const e = await get(s.admin, g.query);
      const row = g.key ? e.rows.find((r) => r.key === g.key)! : e.total;
      for (const metric of metrics) {
        for (const part of ["numerator", "denominator"] as const) {
          const ids = await drill(s.admin, `${g.query}&metric=${metric}&part=${part}${g.key ? `&key=${g.key}` : ""}`);
          const expected = metric === "reported" ? row.reported : metric === "avgHandlingHours" ? row.handledCount : row[metric][part];
          expect(ids.length, `${g.query} ${g.key ?? "total"} ${metric} ${part}`).toBe(expected);
        }
      }
    }
    const c = s.cases;
    expect(new Set(await drill(s.admin, "metric=reworkRate&part=numerator"))).toEqual(new Set([c.c2]));
    expect(new Set(await drill(s.admin, "metric=filingRate&part=denominator"))).toEqual(new Set([c.c1, c.c2, c.c3, c.c4, c.c5, c.c6, c.c7, c.c9, c.c10]));
    expect(new Set(await drill(s.admin, "metric=reworkRate&part=denominator"))).toEqual(new Set([c.c1, c.c2, c.c3, c.c4, c.c5, c.c6, c.c10]));
    expect(new Set(await drill(s.admin, "metric=closingRate&part=numerator"))).toEqual(new Set([c.c1, c.c2, c.c3, c.c4, c.c5, c.c6]));
    expect(new Set(await drill(s.admin, "metric=overdue"))).toEqual(new Set([c.c6, c.c9]));
    expect(new Set(await drill(s.admin, `groupBy=grid&level=4&key=${s.a.id}&metric=reported`))).toEqual(new Set([c.c1, c.c4, c.c8, c.c10]));
  });

  it("pages through a figure's cases with a cursor", async () => {
    const first = (await s.admin.request("GET", `/api/v1/evaluation/cases?${PERIOD}&metric=reported&limit=5`)).json() as { items: { id: string }[]; nextCursor: string };
    expect(first.items).toHaveLength(5);
    const second = (await s.admin.request("GET", `/api/v1/evaluation/cases?${PERIOD}&metric=reported&limit=5&cursor=${first.nextCursor}`)).json() as { items: { id: string }[]; nextCursor: string | null };
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(10);
  });

  it("shows a 网格长 only the grids and cases of their subtree", async () => {
    const level2 = await get(s.head, "groupBy=grid&level=2");
    expect(level2.rows.map((r) => r.key)).toEqual([s.A]);
    expect(level2.total.reported).toBe(7);
    const level4 = await get(s.head, "groupBy=grid&level=4");
    const mine = new Set((await get(s.admin, `groupBy=grid&level=4&gridId=${s.A}`)).rows.map((r) => r.key));
    expect(new Set(level4.rows.map((r) => r.key))).toEqual(mine);
    expect(level4.rows.reduce((n, r) => n + r.reported, 0)).toBe(7);
    expect((await get(s.head, "groupBy=unit")).total.reported).toBe(7);
    expect(await drill(s.head, `groupBy=grid&level=2&key=${s.B}&metric=reported`)).toEqual([]);
    expect(await drill(s.head, "metric=reported")).toHaveLength(7);
  });

  it("refuses callers without evaluation.read", async () => {
    expect((await s.worker.request("GET", `/api/v1/evaluation?${PERIOD}`)).statusCode).toBe(403);
    expect((await s.worker.request("GET", `/api/v1/evaluation/cases?${PERIOD}&metric=reported`)).statusCode).toBe(403);
    expect((await s.handler.request("GET", `/api/v1/evaluation/export.xlsx?${PERIOD}`)).statusCode).toBe(403);
  });

  it("rejects a period that ends before it starts, an unknown level, key or metric with 400", async () => {
    const bad = async (url: string) => (await s.admin.request("GET", url)).statusCode;
    expect(await bad("/api/v1/evaluation?from=2026-12-31&to=2026-12-01")).toBe(400);
    expect(await bad(`/api/v1/evaluation?${PERIOD}&level=5`)).toBe(400);
    expect(await bad(`/api/v1/evaluation?${PERIOD}&groupBy=street`)).toBe(400);
    expect(await bad("/api/v1/evaluation?from=2026-12-01")).toBe(400);
    expect(await bad("/api/v1/evaluation?from=2000-01-01&to=2026-12-31")).toBe(400);
    expect(await bad(`/api/v1/evaluation/cases?${PERIOD}&metric=reported&key=abc`)).toBe(400);
    expect(await bad(`/api/v1/evaluation/cases?${PERIOD}&metric=speed`)).toBe(400);
    expect(await bad(`/api/v1/evaluation/cases?from=2026-12-31&to=2026-12-01&metric=reported`)).toBe(400);
  });

  it("documents its routes in the OpenAPI document under the evaluation tag", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, { get: { tags: string[]; parameters: { name: string }[] } }> };
    for (const path of ["/api/v1/evaluation", "/api/v1/evaluation/cases", "/api/v1/evaluation/export.xlsx"]) {
      expect(doc.paths[path]!.get.tags).toEqual(["evaluation"]);
      expect(doc.paths[path]!.get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["from", "to", "groupBy"]));
    }
  });

  it("exports one line per group and the total to Excel", async () => {
    const res = await s.admin.request("GET", `/api/v1/evaluation/export.xlsx?${PERIOD}&groupBy=unit`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header.slice(1, 6)).toEqual(["责任单位", "上报数", "立案率 (%)", "立案数", "有效上报数"]);
    expect(sheet.rowCount).toBe(5);
    const total = sheet.getRow(5).values as unknown[];
    expect(total.slice(1, 6)).toEqual(["合计", 10, 88.89, 8, 9]);
    expect(sheet.getRow(2).getCell(1).value).toBe("未指定单位");
  });
});
