import { GRID_LEVEL } from "@caihong/domain";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeBus, RequestContext } from "../../lib/context";
import { redrawnPair, type Feature } from "../../test/grid-redraw";
import { ADMIN_PASSWORD, backend, createTestApp, login, seeded, type Session, type TestApp } from "../../test/harness";
import { GridLocator } from "../grids";
import { reportCaseInPublic } from "./use-cases/report-case";

/**
 * The intake as one statement (intake.repository.ts): what it writes together, what it refuses
 * without writing, the grids it checks in the statement, and how many round trips a report costs.
 */
let t: TestApp;
let admin: Session;
let categoryId: string;
let point: { lng: number; lat: number };

const count = async (sql: string) => Number((await t.app.deps.database.query<{ n: number }>(sql))[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const ids = await seeded(admin);
  const micro = ids.grids.find((g) => g.level === GRID_LEVEL.micro)!;
  point = ((await admin.request("GET", `/api/v1/grids/${micro.id}`)).json() as { centroid: { lng: number; lat: number } }).centroid;
  const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
  categoryId = cats.find((c) => c.code === "0104")!.id;
}, 120_000);
afterAll(async () => t?.close());

describe(`the intake statement (${backend})`, () => {
  it("writes the case, its event, its audit entry and its rollup counts together, and answers without reading back", async () => {
    const rollupsBefore = await count("select coalesce(sum(reported), 0)::int as n from case_rollups where dim = 'grid' and grain = 'day'");
    const res = await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId, description: "井盖缺失（一条语句）", location: point }, { "idempotency-key": "statement-1" });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { id: string; number: string; gridName: string; categoryCode: string; events: { action: string }[]; trackingCode: string };
    expect(body).toMatchObject({ categoryCode: "0104", events: [{ action: "report" }] });
    expect(body.gridName).toBeTruthy();
    expect(body.trackingCode).toMatch(/\S/);
    // The answer is what a reader gets.
    const read = (await admin.request("GET", `/api/v1/cases/${body.id}`)).json() as Record<string, unknown>;
    for (const key of ["number", "gridId", "gridName", "categoryName", "state", "version", "reportedAt", "location", "reporter"]) expect(body[key as keyof typeof body], key).toEqual(read[key]);
    expect(await count(`select count(*)::int as n from case_events where case_id = '${body.id}'`)).toBe(1);
    expect(await count(`select count(*)::int as n from audit_log where action = 'case.create' and entity_id = '${body.id}' and after->>'number' = '${body.number}'`)).toBe(1);
    expect(await count("select coalesce(sum(reported), 0)::int as n from case_rollups where dim = 'grid' and grain = 'day'")).toBe(rollupsBefore + 1);
    // A retry with the same key gets the same case; none is added.
    const cases = await count("select count(*)::int as n from cases");
    const again = await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId, description: "井盖缺失（一条语句）", location: point }, { "idempotency-key": "statement-1" });
    expect(again.statusCode).toBe(201);
    expect((again.json() as { id: string }).id).toBe(body.id);
    expect(await count("select count(*)::int as n from cases")).toBe(cases);
  });

  it("refuses a photo another report took, with 422, writing nothing and taking no number", async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 90, b: 40 } } }).jpeg().toBuffer();
    const upload = await admin.request("POST", "/api/v1/case-photos", jpeg, { "content-type": "image/jpeg" });
    expect(upload.statusCode).toBe(201);
    const photoId = (upload.json() as { id: string }).id;
    const first = await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId, description: "带照片的上报", location: point, photoIds: [photoId] });
    expect(first.statusCode).toBe(201);
    const number = (first.json() as { number: string }).number;
    const cases = await count("select count(*)::int as n from cases");
    const audits = await count("select count(*)::int as n from audit_log");
    const second = await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId, description: "同一张照片再用", location: point, photoIds: [photoId] });
    expect(second.statusCode).toBe(422);
    expect(second.json()).toMatchObject({ errors: [{ path: "body.photoIds" }] });
    expect(await count("select count(*)::int as n from cases")).toBe(cases);
    expect(await count("select count(*)::int as n from audit_log")).toBe(audits);
    // The refused report took no number: the next one follows the first.
    const next = await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId, description: "下一条", location: point });
    const seq = (n: string) => Number(n.split("-").pop());
    expect(seq((next.json() as { number: string }).number)).toBe(seq(number) + 1);
  });

  it("files a report into the grid redrawn a moment ago even when its process has not heard of the redraw yet", async () => {
    const exported = (await admin.request("GET", "/api/v1/grids/export.geojson")).json() as { features: Feature[] };
    const pair = redrawnPair(exported.features);
    const grids = ((await admin.request("GET", "/api/v1/grids?limit=500")).json() as { items: { id: string; code: string }[] }).items;
    const codeOf = (id: string) => grids.find((g) => g.id === id)!.code;
    // A process whose bus hears nothing (its notification is still on its way): its counter stays
    // where it was when its index was built.
    const heard = await count("select coalesce(max(version), 0)::int as n from change_versions where tenant_id = 'xinhong' and topic = 'grids'");
    const deaf: ChangeBus = { publish: (tx, tenantId, topic) => t.app.deps.changes.publish(tx, tenantId, topic), subscribe: () => () => undefined, observe: () => undefined, version: () => heard };
    const ctx: RequestContext = { ...t.app.deps, changes: deaf, locator: new GridLocator(t.app.deps.db, "xinhong", deaf), requestId: "test", ip: "198.51.100.7", locale: "zh-CN", userAgent: null };
    const report = async () => {
      const { number } = await reportCaseInPublic(ctx, { categoryId, description: "井盖缺失（未闻改图）", location: { lng: pair.point[0], lat: pair.point[1], crs: "wgs84" }, photoIds: [], attributes: {} } as never, { deviceId: "device-intake-test" });
      const gridId = (await t.app.deps.database.query<{ grid_id: string }>("select grid_id from cases where number = $1", [number]))[0]!.grid_id;
      return codeOf(gridId);
    };
    expect(await report()).toBe(pair.before);
    for (const f of exported.features) {
      if (f.properties.code === pair.a.properties.code) f.geometry = pair.west;
      if (f.properties.code === pair.b.properties.code) f.geometry = pair.east;
    }
    const imported = await admin.request("POST", "/api/v1/grids/import?dryRun=false", exported);
    expect(imported.statusCode).toBe(200);
    // The deaf process's index still holds the old boundaries; its statement finds the counter moved.
    expect(await ctx.locator.locate(pair.point[0], pair.point[1])).not.toBeNull();
    expect(await report()).toBe(pair.after);
  });
});

describe(`an API key kept in memory (${backend})`, () => {
  it("cannot report once revoked, even by a process that has not heard of the revocation yet", async () => {
    const key = (await admin.request("POST", "/api/v1/api-keys", { name: "revoked elsewhere", permissions: ["cases.report", "cases.dispatch"], scope: "all" })).json() as { id: string; secret: string };
    const post = () =>
      t.app.inject({ method: "POST", url: "/api/v1/cases", headers: { authorization: `Bearer ${key.secret}` }, payload: { channel: "staff_proxy", categoryId, description: "密钥撤销后", location: point } });
    expect((await post()).statusCode).toBe(201);
    // Revoked by another process: this one keeps the key in memory until the notification comes.
    await t.app.deps.database.query("update api_keys set revoked_at = now() where id = $1", [key.id]);
    const cases = await count("select count(*)::int as n from cases");
    const refused = await post();
    expect(refused.statusCode).toBe(401);
    expect(await count("select count(*)::int as n from cases")).toBe(cases);
  });
});

describe.skipIf(backend === "pglite")("round trips of a report on PostgreSQL", () => {
  it("takes two round trips with an API key (the key, the statement) and three with an Idempotency-Key, all named prepared statements", async () => {
    const key = (await admin.request("POST", "/api/v1/api-keys", { name: "round trips", permissions: ["cases.read", "cases.report", "cases.dispatch"], scope: "all" })).json() as { secret: string };
    const headers = { authorization: `Bearer ${key.secret}`, "content-type": "application/json" };
    const post = (extra: Record<string, string> = {}) =>
      t.app.inject({ method: "POST", url: "/api/v1/cases", headers: { ...headers, ...extra }, payload: { channel: "staff_proxy", categoryId, description: "往返次数", location: point } });
    expect((await post()).statusCode).toBe(201); // warm: the key's first use is touched, the caches built
    const sent: { text: string; name: string | undefined }[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string; name?: string };
      sent.push(typeof q === "string" ? { text: q, name: undefined } : { text: q.text, name: q.name });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
    try {
      sent.length = 0;
      expect((await post()).statusCode).toBe(201);
      const plain = [...sent];
      sent.length = 0;
      expect((await post({ "idempotency-key": "round-trips-1" })).statusCode).toBe(201);
      const keyed = [...sent];
      expect(plain.length, plain.map((s) => s.text.slice(0, 80)).join("\n")).toBeLessThanOrEqual(2);
      expect(keyed.length, keyed.map((s) => s.text.slice(0, 80)).join("\n")).toBeLessThanOrEqual(3);
      expect(plain.find((s) => s.text.includes("insert into cases"))?.name).toMatch(/^cases_intake_/);
    } finally {
      pg.Client.prototype.query = original;
    }
  });
});
