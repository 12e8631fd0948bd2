import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

interface Category {
  id: string;
  code: string;
  name: string;
}

/** Shared fixture: two micro grids of different disposal grids, their staff and a resident. */
async function fixture(t: TestApp) {
  const admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const ids = await seeded(admin);
  const micros = ids.grids.filter((g) => g.level === 4);
  const parentOf = (id: string) => ids.grids.find((g) => g.id === id)!.parentId!;
  const a = micros[0]!;
  // A micro grid under another disposal grid (level-2 ancestor differs).
  const l2 = (g: { id: string }) => parentOf(parentOf(g.id));
  const b = micros.find((g) => l2(g) !== l2(a))!;
  const centroidOf = async (id: string) => {
    const d = (await admin.request("GET", `/api/v1/grids/${id}`)).json() as { centroid: { lng: number; lat: number } };
    return d.centroid;
  };
  const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: Category[] }).items;
  const cat = (code: string) => cats.find((c) => c.code === code)!;
  const workerA = await createUserAndLogin(admin, t.app, { username: "worker-a", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: a.id }] });
  const workerB = await createUserAndLogin(admin, t.app, { username: "worker-b", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: b.id }] });
  const resident = await createUserAndLogin(admin, t.app, { username: "resident-1", roles: [{ roleId: ids.role("resident"), scope: "own" }] });
  const resident2 = await createUserAndLogin(admin, t.app, { username: "resident-2", roles: [{ roleId: ids.role("resident"), scope: "own" }] });
  return { admin, ids, a, b, pointA: await centroidOf(a.id), pointB: await centroidOf(b.id), cat, workerA, workerB, resident, resident2 };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

async function step(s: Session, id: string, body: Record<string, unknown>) {
  const current = (await s.request("GET", `/api/v1/cases/${id}`)).json() as { version: number };
  return s.request("POST", `/api/v1/cases/${id}/transitions`, { version: current.version, ...body });
}

async function ok(s: Session, id: string, body: Record<string, unknown>) {
  const res = await step(s, id, body);
  expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
  return res.json() as { state: string; version: number; events: { action: string }[]; allowedActions: string[]; handleDueAt: string | null };
}

async function countRows(t: TestApp, table: string) {
  const rows = (await t.app.deps.database.query(`select count(*)::int as n from ${table}`)) as { n: number }[];
  return rows[0]!.n;
}

async function jpegWithGps() {
  const img = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } })
    .jpeg()
    .withExif({ IFD0: { Make: "Caihong test" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 11/1 40/1", GPSLongitudeRef: "E", GPSLongitude: "121/1 19/1 20/1" } })
    .toBuffer();
  return img;
}

describe("cases through the API", () => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await fixture(t);
  }, 120_000);
  afterAll(async () => t.close());

  it("takes a resident's report with a photo from 上报 to 结案 and lets the resident rate it", async () => {
    const up = await f.resident.request("POST", "/api/v1/case-photos", await jpegWithGps(), { "content-type": "image/jpeg" });
    expect(up.statusCode, up.body).toBe(201);
    const photo = up.json() as { id: string; url: string };
    const created = await f.resident.request("POST", "/api/v1/cases", { categoryId: f.cat("0601").id, description: "地铁口共享单车堆成一片，挡住盲道", location: { ...f.pointA, crs: "wgs84" }, photoIds: [photo.id] });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as { id: string; number: string; channel: string; gridId: string; photos: { id: string }[]; trackingCode: string | null };
    expect(c.channel).toBe("resident_app");
    expect(c.number).toMatch(/^XH-2026-\d{6}$/);
    expect(c.gridId).toBe(f.a.id);
    expect(c.trackingCode).toBeNull();
    expect(c.photos.map((p) => p.id)).toEqual([photo.id]);

    // The stored photo keeps no EXIF (GPS included).
    const stored = await f.resident.request("GET", photo.url);
    expect(stored.statusCode).toBe(200);
    const meta = await sharp(stored.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.rawPayload.includes(Buffer.from("GPS"))).toBe(false);

    await ok(f.admin, c.id, { action: "file" });
    const dispatched = await ok(f.admin, c.id, { action: "dispatch", assignee: { userId: f.workerA.userId } });
    expect(dispatched.state).toBe("dispatched");
    expect(dispatched.handleDueAt).not.toBeNull();
    await ok(f.workerA, c.id, { action: "acknowledge" });
    await ok(f.workerA, c.id, { action: "start" });
    await ok(f.workerA, c.id, { action: "handle", note: "已联系运营方清运 40 辆" });
    await ok(f.admin, c.id, { action: "verify" });
    const closed = await ok(f.admin, c.id, { action: "close" });
    expect(closed.state).toBe("closed");
    const mine = await ok(f.resident, c.id, { action: "rate", satisfaction: "satisfied" });
    expect(mine.events.map((e) => e.action)).toEqual(["report", "file", "dispatch", "acknowledge", "start", "handle", "verify", "close", "rate"]);

    // The resident was told at each public step.
    const notes = (await f.resident.request("GET", "/api/v1/notifications")).json() as { items: { kind: string; caseNumber: string }[] };
    expect(notes.items.filter((n) => n.caseNumber === c.number).length).toBeGreaterThanOrEqual(4);
  });

  it("lets a grid worker on patrol resolve a problem on the spot with evidence", async () => {
    const up = (await f.workerA.request("POST", "/api/v1/case-photos", await jpegWithGps(), { "content-type": "image/jpeg" })).json() as { id: string };
    const c = (await f.workerA.request("POST", "/api/v1/cases", { categoryId: f.cat("0201").id, description: "电线杆上的小广告", location: f.pointA })).json() as { id: string; channel: string; allowedActions: string[] };
    expect(c.channel).toBe("patrol");
    expect(c.allowedActions).toContain("self_resolve");
    const noPhoto = await step(f.workerA, c.id, { action: "self_resolve", note: "已铲除" });
    expect(noPhoto.statusCode).toBe(400);
    const done = await ok(f.workerA, c.id, { action: "self_resolve", note: "已铲除", photoIds: [up.id] });
    expect(done.state).toBe("closed");
  });

  it("records a 12345 order with the caller's contact masked, and a tracking code to follow it", async () => {
    const res = await f.admin.request("POST", "/api/v1/cases", {
      channel: "hotline",
      hotlineOrderNo: "2611280001",
      categoryId: f.cat("0603").id,
      description: "楼下饭店夜里排风机噪音很大",
      location: f.pointB,
      reporter: { name: "李建国", phone: "13912345678" },
      attributes: { noise_period: "night" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: string; number: string; reporter: { name: string; phoneMasked: string }; trackingCode: string };
    expect(c.reporter).toMatchObject({ name: "李**", phoneMasked: "139****5678" });
    const rows = (await t.app.deps.database.query("select reporter_phone_enc, reporter_name_enc from cases where id = $1", [c.id])) as { reporter_phone_enc: string; reporter_name_enc: string }[];
    expect(rows[0]!.reporter_phone_enc).not.toContain("13912345678");
    expect(rows[0]!.reporter_name_enc).not.toContain("李建国");
    const again = await f.admin.request("POST", "/api/v1/cases", { channel: "hotline", hotlineOrderNo: "2611280001", categoryId: f.cat("0603").id, description: "重复", location: f.pointB, attributes: { noise_period: "night" } });
    expect(again.statusCode).toBe(409);
    const track = await t.app.inject({ method: "GET", url: `/api/v1/public/cases/track?number=${c.number}&code=${c.trackingCode}` });
    expect(track.statusCode, track.body).toBe(200);
    expect(track.body).not.toContain("李");
    const reveal = await f.admin.request("GET", `/api/v1/cases/${c.id}/reporter`);
    expect(reveal.json()).toEqual({ name: "李建国", phone: "13912345678" });
    const audit = (await t.app.deps.database.query("select count(*)::int as n from audit_log where action = 'case.reporter.unmask' and entity_id = $1", [c.id])) as { n: number }[];
    expect(audit[0]!.n).toBe(1);
  });

  it("lets an anonymous reporter follow, rate 不满意 and reopen with the tracking code only", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/public/cases", payload: { categoryId: f.cat("0102").id, description: "绿化带里有建筑垃圾", location: { ...f.pointA, crs: "wgs84" } } });
    expect(res.statusCode, res.body).toBe(201);
    const { number, trackingCode } = res.json() as { number: string; trackingCode: string };
    const [row] = (await t.app.deps.database.query("select id from cases where number = $1", [number])) as { id: string }[];
    const id = row!.id;
    await ok(f.admin, id, { action: "file" });
    await ok(f.admin, id, { action: "dispatch", assignee: { userId: f.workerA.userId } });
    await ok(f.workerA, id, { action: "acknowledge" });
    await ok(f.workerA, id, { action: "handle", note: "已清理" });
    await ok(f.admin, id, { action: "verify" });
    await ok(f.admin, id, { action: "close" });
    const wrong = await t.app.inject({ method: "GET", url: `/api/v1/public/cases/track?number=${number}&code=AAAA-AAAA` });
    expect(wrong.statusCode).toBe(404);
    const rate = await t.app.inject({ method: "POST", url: "/api/v1/public/cases/rate", payload: { number, code: trackingCode, satisfaction: "dissatisfied", note: "还有一半没清" } });
    expect(rate.statusCode, rate.body).toBe(200);
    const reopen = await t.app.inject({ method: "POST", url: "/api/v1/public/cases/reopen", payload: { number, code: trackingCode, reason: "还有一半没清" } });
    expect(reopen.statusCode, reopen.body).toBe(200);
    expect(reopen.json().state).toBe("dispatched");
    const detail = (await f.admin.request("GET", `/api/v1/cases/${id}`)).json() as { reopenCount: number; assignee: { userId: string } };
    expect(detail.reopenCount).toBe(1);
    const reopened = (await f.workerA.request("GET", "/api/v1/cases?reopened=true")).json() as { items: { id: string }[] };
    expect(reopened.items.map((i) => i.id)).toContain(id);
    expect(detail.assignee.userId).toBe(f.workerA.userId);
  });

  it("runs the return, extension and rework side flows with their counters", async () => {
    const c = (await f.admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: f.cat("0502").id, description: "水果店占道经营", location: f.pointA })).json() as { id: string };
    await ok(f.admin, c.id, { action: "file" });
    await ok(f.admin, c.id, { action: "dispatch", assignee: { userId: f.workerA.userId } });
    await ok(f.workerA, c.id, { action: "request_return", reason: "不属于本网格" });
    const refused = await ok(f.admin, c.id, { action: "refuse_return", reason: "属于本网格，请处置" });
    expect(refused.state).toBe("dispatched");
    await ok(f.workerA, c.id, { action: "acknowledge" });
    const before = (await f.admin.request("GET", `/api/v1/cases/${c.id}`)).json() as { handleDueAt: string };
    const later = new Date(new Date(before.handleDueAt).getTime() + 2 * 86_400_000).toISOString();
    await ok(f.workerA, c.id, { action: "request_extension", reason: "需联合执法", dueAt: later });
    const pending = (await f.admin.request("GET", "/api/v1/cases?extensionPending=true")).json() as { items: { id: string }[] };
    expect(pending.items.map((i) => i.id)).toEqual([c.id]);
    expect(((await f.admin.request("GET", "/api/v1/inbox")).json() as { counts: { extensionRequests: number } }).counts.extensionRequests).toBe(1);
    const extended = await ok(f.admin, c.id, { action: "approve_extension", dueAt: later });
    expect(new Date(extended.handleDueAt!).toISOString()).toBe(later);
    await ok(f.workerA, c.id, { action: "handle", note: "已劝离" });
    const rework = await ok(f.admin, c.id, { action: "rework", reason: "现场仍有摊位" });
    expect(rework.state).toBe("in_progress");
    await ok(f.workerA, c.id, { action: "handle", note: "已清除" });
    await ok(f.admin, c.id, { action: "verify" });
    await ok(f.admin, c.id, { action: "close" });
    const d = (await f.admin.request("GET", `/api/v1/cases/${c.id}`)).json() as { reworkCount: number; extensionCount: number; returnCount: number };
    expect(d).toMatchObject({ reworkCount: 1, extensionCount: 1, returnCount: 0 });
  });

  it("merges a duplicate into the main case and keeps both reporters informed", async () => {
    const main = (await f.resident.request("POST", "/api/v1/cases", { categoryId: f.cat("0106").id, description: "垃圾箱满了", location: f.pointB })).json() as { id: string; number: string };
    const dup = (await f.resident2.request("POST", "/api/v1/cases", { categoryId: f.cat("0106").id, description: "这里垃圾满溢", location: f.pointB })).json() as { id: string };
    const suggested = (await f.admin.request("GET", `/api/v1/cases/duplicates?categoryId=${f.cat("0106").id}&lng=${f.pointB.lng}&lat=${f.pointB.lat}&excludeId=${dup.id}`)).json() as { items: { id: string }[] };
    expect(suggested.items.map((i) => i.id)).toContain(main.id);
    const merged = await ok(f.admin, dup.id, { action: "merge", mainCaseId: main.id });
    expect(merged.state).toBe("merged");
    await ok(f.admin, main.id, { action: "file" });
    const before = ((await f.resident2.request("GET", "/api/v1/notifications")).json() as { items: { caseNumber: string }[] }).items.filter((n) => n.caseNumber === main.number).length;
    await ok(f.admin, main.id, { action: "dispatch", assignee: { userId: f.workerB.userId } });
    const after = ((await f.resident2.request("GET", "/api/v1/notifications")).json() as { items: { caseNumber: string }[] }).items.filter((n) => n.caseNumber === main.number).length;
    expect(after).toBe(before + 1);
    const detail = (await f.admin.request("GET", `/api/v1/cases/${main.id}`)).json() as { duplicates: { id: string }[] };
    expect(detail.duplicates.map((d) => d.id)).toEqual([dup.id]);
  });

  it("lets only one of two concurrent dispatches of a case succeed; the other gets 409", async () => {
    const c = (await f.admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: f.cat("0104").id, description: "路面有油污", location: f.pointA })).json() as { id: string };
    const filed = await ok(f.admin, c.id, { action: "file" });
    const dispatch = (userId: string) => f.admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "dispatch", version: filed.version, assignee: { userId } });
    const results = await Promise.all([dispatch(f.workerA.userId), dispatch(f.workerB.userId)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const events = (await t.app.deps.database.query("select count(*)::int as n from case_events where case_id = $1 and action = 'dispatch'", [c.id])) as { n: number }[];
    expect(events[0]!.n).toBe(1);
  });

  it("creates one case for the same Idempotency-Key sent twice, even at the same time", async () => {
    const body = { categoryId: f.cat("0605").id, description: "公寓电梯坏了三天", location: f.pointA, attributes: { apartment: "示例公寓 3 号楼" } };
    const before = await countRows(t, "cases");
    const [x, y] = await Promise.all([
      f.resident.request("POST", "/api/v1/cases", body, { "idempotency-key": "retry-7f3a" }),
      f.resident.request("POST", "/api/v1/cases", body, { "idempotency-key": "retry-7f3a" }),
    ]);
    expect([x.statusCode, y.statusCode]).toEqual([201, 201]);
    expect(x.json().id).toBe(y.json().id);
    const z = await f.resident.request("POST", "/api/v1/cases", body, { "idempotency-key": "retry-7f3a" });
    expect(z.json().id).toBe(x.json().id);
    expect(await countRows(t, "cases")).toBe(before + 1);
    const other = await f.resident.request("POST", "/api/v1/cases", { ...body, description: "另一件事" }, { "idempotency-key": "retry-7f3a" });
    expect(other.statusCode).toBe(422);
    const bad = await f.resident.request("POST", "/api/v1/cases", body, { "idempotency-key": "含中文" });
    expect(bad.statusCode).toBe(400);
  });

  it("keeps a grid worker to their micro grid's cases and a resident to their own", async () => {
    const inB = (await f.admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: f.cat("0503").id, description: "消防通道停车", location: f.pointB })).json() as { id: string };
    expect((await f.workerA.request("GET", `/api/v1/cases/${inB.id}`)).statusCode).toBe(403);
    const listA = (await f.workerA.request("GET", "/api/v1/cases?limit=200")).json() as { items: { gridId: string; id: string }[] };
    expect(listA.items.length).toBeGreaterThan(0);
    expect(listA.items.every((i) => i.gridId === f.a.id)).toBe(true);
    const step = await f.workerA.request("POST", `/api/v1/cases/${inB.id}/transitions`, { action: "acknowledge", version: 1 });
    expect(step.statusCode).toBe(403);
    const mine = (await f.resident2.request("GET", "/api/v1/cases?limit=200")).json() as { items: { id: string }[] };
    const own = (await t.app.deps.database.query("select id from cases where reporter_user_id = $1", [f.resident2.userId])) as { id: string }[];
    expect(mine.items.map((i) => i.id).sort()).toEqual(own.map((o) => o.id).sort());
    expect((await f.resident2.request("GET", `/api/v1/cases/${inB.id}`)).statusCode).toBe(403);
  });

  it("refuses bad input with a clear 4xx and writes nothing", async () => {
    const cases = await countRows(t, "cases");
    const events = await countRows(t, "case_events");
    const audit = await countRows(t, "audit_log");
    const base = { categoryId: f.cat("0601").id, description: "单车", location: f.pointA };
    const bad = [
      { ...base, description: "<script>alert(1)</script>" },
      { ...base, description: "x".repeat(4001) },
      { ...base, location: { lng: 120.0, lat: 30.0 } },
      { ...base, categoryId: f.cat("06").id },
      { ...base, categoryId: "00000000-0000-4000-8000-000000000000" },
      { ...base, attributes: { unknown_field: "x" } },
      { categoryId: f.cat("0603").id, description: "吵", location: f.pointA },
      { ...base, channel: "hotline" },
      { ...base, photoIds: ["00000000-0000-4000-8000-000000000000"] },
      { ...base, location: undefined },
    ];
    for (const body of bad) {
      const res = await f.resident.request("POST", "/api/v1/cases", body);
      expect([400, 403, 422], `${JSON.stringify(body).slice(0, 80)} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
    const c = (await f.admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", ...base })).json() as { id: string; version: number };
    const afterCreate = { cases: await countRows(t, "cases"), events: await countRows(t, "case_events"), audit: await countRows(t, "audit_log") };
    expect(afterCreate).toEqual({ cases: cases + 1, events: events + 1, audit: audit + 1 });
    const steps = [
      { action: "void", version: c.version },
      { action: "close", version: c.version },
      { action: "dispatch", version: c.version },
      { action: "file", version: c.version + 5 },
      { action: "teleport", version: c.version },
    ];
    const statuses = [];
    for (const s of steps) statuses.push((await f.admin.request("POST", `/api/v1/cases/${c.id}/transitions`, s)).statusCode);
    expect(statuses).toEqual([400, 409, 409, 409, 400]);
    const byWorkerB = await f.workerB.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "file", version: c.version });
    expect(byWorkerB.statusCode).toBe(403);
    expect({ cases: await countRows(t, "cases"), events: await countRows(t, "case_events"), audit: await countRows(t, "audit_log") }).toEqual(afterCreate);
  });

  it("rejects an upload that is not an image by its content, whatever its declared type", async () => {
    const res = await f.resident.request("POST", "/api/v1/case-photos", Buffer.from("%PDF-1.4 not an image"), { "content-type": "image/jpeg" });
    expect(res.statusCode).toBe(415);
    expect(res.headers["content-type"]).toContain("application/problem+json");
  });

  it("counts time limits in working time over the holiday calendar (dispatched 2021-09-30 17:00, 2 working days → 2021-10-09 17:00)", async () => {
    const cat = f.cat("0604"); // 群租: handle within 5 working days
    const patched = await f.admin.request("PATCH", `/api/v1/case-categories/${cat.id}`, { version: 1, handleLimit: { value: 2, unit: "days" } });
    expect(patched.statusCode, patched.body).toBe(200);
    t.clock.set(new Date("2021-09-30T16:00:00+08:00"));
    try {
      const c = (await f.admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: cat.id, description: "疑似群租", location: f.pointA })).json() as { id: string };
      await ok(f.admin, c.id, { action: "file" });
      t.clock.set(new Date("2021-09-30T17:00:00+08:00"));
      const d = await ok(f.admin, c.id, { action: "dispatch", assignee: { userId: f.workerA.userId } });
      expect(d.handleDueAt).toBe(new Date("2021-10-09T17:00:00+08:00").toISOString());
    } finally {
      t.clock.set(new Date("2026-11-28T08:00:00+08:00"));
    }
  });
});
