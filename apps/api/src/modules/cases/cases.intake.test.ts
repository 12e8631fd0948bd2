import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XLSX_TYPE } from "../../lib/xlsx";
import { ADMIN_PASSWORD, createTestApp, login, seeded, type Session, type TestApp } from "../../test/harness";
import { deliverWebhooks, webhookBackoffMs } from "./use-cases/deliver-webhooks";

async function hotlineWorkbook(rows: Record<string, string | number>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("工单");
  const headers = ["工单编号", "受理时间", "问题分类", "诉求内容", "发生地址", "经度", "纬度", "坐标系", "诉求人", "联系电话", "紧急程度"];
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? ""));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("12345 import, categories, calendar and the webhook outbox", () => {
  let t: TestApp;
  let admin: Session;
  let point: { lng: number; lat: number };
  beforeAll(async () => {
    t = await createTestApp({ webhook: { url: "http://integration.invalid/hook", secret: "a-very-long-secret-1" } });
    admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const micro = ids.grids.find((g) => g.level === 4)!;
    point = ((await admin.request("GET", `/api/v1/grids/${micro.id}`)).json() as { centroid: { lng: number; lat: number } }).centroid;
  }, 60_000);
  afterAll(async () => t.close());

  const importFile = (body: Buffer, dryRun: boolean) =>
    admin.request("POST", `/api/v1/cases/import-12345.xlsx?dryRun=${dryRun}`, body, { "content-type": XLSX_TYPE });

  it("imports a hotline export only when every row is right, naming each bad row and column", async () => {
    const good = { 工单编号: "2106010001", 受理时间: "2021-06-01 09:30", 问题分类: "0601", 诉求内容: "单车堆放", 经度: point.lng, 纬度: point.lat, 坐标系: "wgs84", 诉求人: "周女士", 联系电话: "13700001111" };
    const bad = [
      good,
      { ...good, 工单编号: "2106010002", 问题分类: "不存在的分类" },
      { ...good, 工单编号: "2106010003", 受理时间: "昨天" },
      { ...good, 工单编号: "2106010004", 经度: 120, 纬度: 30 },
      { ...good, 工单编号: "2106010001" },
    ];
    const before = (await t.app.deps.database.query("select count(*)::int as n from cases")) as { n: number }[];
    const res = await importFile(await hotlineWorkbook(bad), false);
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code: "UNPROCESSABLE", status: 422, rows: 5, created: 0 });
    const problems = res.json().problems as { row: number; column: string }[];
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, "问题分类"],
      [4, "受理时间"],
      [5, "经度"],
      [6, "工单编号"],
    ]);
    const after = (await t.app.deps.database.query("select count(*)::int as n from cases")) as { n: number }[];
    expect(after[0]!.n).toBe(before[0]!.n);

    const rows = [good, { ...good, 工单编号: "2106010002", 问题分类: "噪音扰民", 诉求内容: "夜间施工", 紧急程度: "紧急" }];
    // 噪音扰民 requires 发生时段 (an extra field a 12345 export does not carry): refused before anything is written.
    const withNoise = await importFile(await hotlineWorkbook(rows), true);
    expect(withNoise.statusCode).toBe(422);
    expect(withNoise.json().problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([[3, "问题分类"]]);
    const dry = await importFile(await hotlineWorkbook([good]), true);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 0, rows: 1, problems: [] });
    const fixed = await importFile(await hotlineWorkbook([good]), false);
    expect(fixed.json()).toMatchObject({ created: 1, skipped: 0 });
    const again = await importFile(await hotlineWorkbook([good]), false);
    expect(again.json()).toMatchObject({ created: 0, skipped: 1 });
    const list = (await admin.request("GET", "/api/v1/cases?channel=hotline")).json() as { items: { number: string; reportedAt: string }[] };
    expect(list.items[0]!.number).toMatch(/^XH-2021-/);
    expect(list.items[0]!.reportedAt).toBe(new Date("2021-06-01T09:30:00+08:00").toISOString());
  });

  it("serves the grid boundaries and basemap to the public report page without sign-in", async () => {
    const micro = await t.app.inject({ method: "GET", url: "/api/v1/public/grids/map.geojson?level=4" });
    expect(micro.statusCode).toBe(200);
    const features = (micro.json() as { features: { properties: { level: number } }[] }).features;
    expect(features.length).toBe(147);
    expect(features.every((f) => f.properties.level === 4)).toBe(true);
    const keys = new Set(features.flatMap((f) => Object.keys(f.properties)));
    expect([...keys].sort()).toEqual(["code", "id", "level", "name", "organisationName", "parentCode", "parentId", "type"]);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/public/settings/map" })).json()).toMatchObject({ tileCrs: "wgs84" });
    expect((await t.app.inject({ method: "GET", url: "/api/v1/grids/map.geojson" })).statusCode).toBe(401);
  });

  it("lets an admin edit a category with optimistic concurrency and keeps 大类/小类 codes consistent", async () => {
    const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string; version: number }[] }).items;
    const bikes = cats.find((c) => c.code === "0601")!;
    const first = await admin.request("PATCH", `/api/v1/case-categories/${bikes.id}`, { version: bikes.version, dedupeRadiusM: 150 });
    expect(first.statusCode).toBe(200);
    const stale = await admin.request("PATCH", `/api/v1/case-categories/${bikes.id}`, { version: bikes.version, dedupeRadiusM: 10 });
    expect(stale.statusCode).toBe(409);
    const parent = cats.find((c) => c.code === "05")!;
    const wrongPrefix = await admin.request("POST", "/api/v1/case-categories", { code: "0699", parentId: parent.id, name: "错误前缀" });
    expect(wrongPrefix.statusCode).toBe(422);
    const created = await admin.request("POST", "/api/v1/case-categories", { code: "0599", parentId: parent.id, name: "夜间烧烤", handleLimit: { value: 2, unit: "hours" } });
    expect(created.statusCode, created.body).toBe(201);
    const dup = await admin.request("POST", "/api/v1/case-categories", { code: "0599", parentId: parent.id, name: "重复" });
    expect(dup.statusCode).toBe(409);
  });

  it("uses an edited calendar day for due times at once", async () => {
    const year = await admin.request("GET", "/api/v1/work-calendar?year=2021");
    expect(year.json().days.find((d: { date: string }) => d.date === "2021-10-09")).toMatchObject({ kind: "workday" });
    const put = await admin.request("PUT", "/api/v1/work-calendar/2027-03-01", { kind: "holiday", name: "示例假日" });
    expect(put.statusCode, put.body).toBe(200);
    const bad = await admin.request("PUT", "/api/v1/work-calendar/2027-02-30", { kind: "holiday", name: "x" });
    expect(bad.statusCode).toBe(400);
    // "At once" is the next request: its session query reads the change counters (ADR 0009), so
    // the calendar is dropped even before PostgreSQL's notification reaches this process.
    const calendarOfNextRequest = async () => {
      expect((await admin.request("GET", "/api/v1/auth/me")).statusCode).toBe(200);
      return t.app.deps.calendar.get();
    };
    expect((await calendarOfNextRequest()).isWorkingDay("2027-03-01")).toBe(false);
    expect((await admin.request("DELETE", "/api/v1/work-calendar/2027-03-01")).statusCode).toBe(200);
    expect((await calendarOfNextRequest()).isWorkingDay("2027-03-01")).toBe(true);
  });

  it("queues every case event for the webhook and retries a failed delivery with backoff until it lands", async () => {
    const queued = (await t.app.deps.database.query("select count(*)::int as n from webhook_outbox where delivered_at is null")) as { n: number }[];
    expect(queued[0]!.n).toBeGreaterThan(0);
    const now = t.clock.clock();
    const seen: { id: string; signature: string | null }[] = [];
    const failing = (async () => new Response("down", { status: 503 })) as typeof fetch;
    const first = await deliverWebhooks(t.app.deps.db, t.app.deps.config, t.app.deps.tenantId, now, failing, 1000);
    expect(first).toEqual({ delivered: 0, failed: queued[0]!.n });
    // Not due again before the backoff.
    const early = await deliverWebhooks(t.app.deps.db, t.app.deps.config, t.app.deps.tenantId, new Date(now.getTime() + 1000), failing, 1000);
    expect(early.failed).toBe(0);
    const working = (async (_url: string, init: RequestInit) => {
      const h = init.headers as Record<string, string>;
      seen.push({ id: h["x-caihong-delivery"]!, signature: h["x-caihong-signature"] ?? null });
      return new Response(null, { status: 204 });
    }) as unknown as typeof fetch;
    const later = await deliverWebhooks(t.app.deps.db, t.app.deps.config, t.app.deps.tenantId, new Date(now.getTime() + webhookBackoffMs(1)), working, 1000);
    expect(later.delivered).toBe(queued[0]!.n);
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    expect(seen.every((s) => s.signature?.startsWith("sha256="))).toBe(true);
    const left = (await t.app.deps.database.query("select count(*)::int as n from webhook_outbox where delivered_at is null")) as { n: number }[];
    expect(left[0]!.n).toBe(0);
  });
});
