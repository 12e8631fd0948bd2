import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/env";
import { solveChallenge } from "../../lib/proof-of-work";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

const defaults = loadConfig({}).limits;
const limits = { ...defaults, reports: { perAddressPerHour: 8, perDevicePerHour: 4, challengeAfter: 3, challengeBits: 8 }, open311PerAddressPerHour: 2 };

let t: TestApp;
let admin: Session;
let point: { lng: number; lat: number };
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp({ limits });
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const ids = await seeded(admin);
  const micro = ids.grids.find((g) => g.level === 4)!;
  point = (await admin.request("GET", `/api/v1/grids/${micro.id}`)).json().centroid;
  categoryId = (await admin.request("GET", "/api/v1/case-categories")).json().items.find((c: { code: string }) => c.code === "0102").id;
}, 60_000);
afterAll(async () => t.close());

const SECOND = 1000;
const deviceOf = (res: LightMyRequestResponse) => /caihong_device=([^;]+)/.exec(String(res.headers["set-cookie"] ?? ""))?.[1];

/** A public report from an address, with a device cookie and a proof when given. */
function report(ip: string, opts: { device?: string; proof?: string; lang?: string; description?: string } = {}) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/public/cases",
    remoteAddress: ip,
    cookies: opts.device ? { caihong_device: opts.device } : {},
    headers: { ...(opts.proof ? { "caihong-proof": opts.proof } : {}), ...(opts.lang ? { "accept-language": opts.lang } : {}) },
    payload: { categoryId, description: opts.description ?? "路边有一堆建筑垃圾", location: { ...point, crs: "wgs84" } },
  });
}

/** Reports from an address, solving the challenge whenever the API asks for one; the answers. */
async function reportSolving(ip: string, n: number, opts: { device?: string } = {}) {
  const answers = [];
  for (let i = 0; i < n; i++) {
    let res = await report(ip, opts);
    if (res.statusCode === 428) res = await report(ip, { ...opts, proof: solveChallenge(String(res.headers["caihong-challenge"])) });
    answers.push(res);
  }
  return answers;
}

const countRows = async () => Number((await t.app.deps.database.query<{ n: string }>("select count(*) as n from cases"))[0]!.n);

describe("anonymous case reports", () => {
  it("runs the sequence: free reports, then a proof of work per report (once each, not forged, not expired), then 429 with Retry-After and a localized message, and free again when the hour is over", async () => {
    const ip = "10.80.0.1";
    const free = [];
    for (let i = 0; i < limits.reports.challengeAfter; i++) free.push(await report(ip));
    expect(free.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(free.every((r) => deviceOf(r))).toBe(true);

    const before = await countRows();
    const asked = await report(ip);
    expect(asked.statusCode).toBe(428);
    expect(asked.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(asked.json().code).toBe("CHALLENGE_REQUIRED");
    const challenge = String(asked.headers["caihong-challenge"]);
    expect(challenge).toMatch(/^[0-9a-f]{32}\.8\.\d+\.[\w-]+$/);
    expect(await countRows()).toBe(before);

    const proof = solveChallenge(challenge);
    expect((await report(ip, { proof })).statusCode).toBe(201);
    const replay = await report(ip, { proof });
    expect(replay.statusCode).toBe(428);
    expect(replay.json().detail).toMatch(/已使用/);
    const [nonce, bits, expires, mac] = challenge.split(".");
    const forged = solveChallenge(`${nonce}.${Number(bits) - 4}.${expires}.${mac}`);
    expect((await report(ip, { proof: forged })).statusCode).toBe(428);
    const late = solveChallenge(String((await report(ip)).headers["caihong-challenge"]));
    t.clock.advance(301 * SECOND);
    const expired = await report(ip, { proof: late, lang: "en" });
    expect(expired.statusCode).toBe(428);
    expect(expired.json().detail).toMatch(/expired/);
    expect(await countRows()).toBe(before + 1);

    const rest = await reportSolving(ip, limits.reports.perAddressPerHour - 4);
    expect(rest.map((r) => r.statusCode)).toEqual(rest.map(() => 201));
    const over = await report(ip, { proof: solveChallenge(challenge.replace(nonce!, "f".repeat(32))) });
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe("RATE_LIMITED");
    expect(over.json().detail).toMatch(/提交过于频繁/);
    const retry = Number(over.headers["retry-after"]);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600 - 301);
    const english = await report(ip, { lang: "en" });
    expect(english.statusCode).toBe(429);
    expect(english.json().detail).toMatch(/Too many reports/);
    expect(await countRows()).toBe(before + 1 + rest.length);

    t.clock.advance(retry * SECOND);
    expect((await report(ip)).statusCode).toBe(201);
  });

  it("limits one device cookie across addresses, and gives a new browser an HttpOnly SameSite=Lax cookie", async () => {
    const first = await t.app.inject({ method: "GET", url: "/api/v1/public/case-categories" });
    const cookie = String(first.headers["set-cookie"]);
    expect(cookie).toMatch(/caihong_device=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const device = deviceOf(first)!;
    const answers = [];
    for (let i = 0; i <= limits.reports.perDevicePerHour; i++) answers.push(await report(`10.81.0.${i + 1}`, { device }));
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 429]);
    expect(Number(answers.at(-1)!.headers["retry-after"])).toBeGreaterThan(0);
    expect(answers.slice(0, 4).every((r) => !deviceOf(r))).toBe(true);
    expect((await report("10.81.0.99")).statusCode).toBe(201);
  });

  it("sets the device cookie Secure when the page came over https", async () => {
    const proxied = await createTestApp({ trustProxy: true });
    try {
      const res = await proxied.app.inject({ method: "GET", url: "/api/v1/public/case-categories", headers: { "x-forwarded-proto": "https" } });
      expect(String(res.headers["set-cookie"])).toMatch(/caihong_device=.*; Secure/);
    } finally {
      await proxied.close();
    }
  });

  it("stores only keyed hashes of the address and device on the case", async () => {
    const res = await report("10.82.0.1", { device: "abcdefghijklmnopqrstuv" });
    expect(res.statusCode).toBe(201);
    const [row] = await t.app.deps.database.query<{ a: string; d: string }>("select source_address_hash as a, source_device_hash as d from cases where number = $1", [res.json().number]);
    expect(row!.a).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.d).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.a).toBe(t.app.deps.pd.hash("address", "10.82.0.1"));
    const all = JSON.stringify(await t.app.deps.database.query("select * from rate_limits"));
    expect(all).not.toContain("10.82.0.1");
    expect(all).not.toContain("abcdefghijklmnopqrstuv");
  });
});

describe("the public page's other limits, in the same limiter", () => {
  it("refuses tracking-code guessing from one address after 30 wrong codes (429, even for the right code), not from another address", async () => {
    const created = await report("10.84.0.9");
    const { number, trackingCode } = created.json() as { number: string; trackingCode: string };
    const track = (code: string, ip: string) => t.app.inject({ method: "GET", url: `/api/v1/public/cases/track?number=${number}&code=${code}`, remoteAddress: ip });
    for (let i = 0; i < 30; i++) expect((await track("WRONG000", "10.84.0.1")).statusCode).toBe(404);
    const blocked = await track(trackingCode, "10.84.0.1");
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect((await track(trackingCode, "10.84.0.2")).statusCode).toBe(200);
  });

  it("limits anonymous photo uploads per address per hour", async () => {
    const upload = (ip: string) => t.app.inject({ method: "POST", url: "/api/v1/public/case-photos", remoteAddress: ip, headers: { "content-type": "application/octet-stream" }, payload: Buffer.from("not a photo") });
    for (let i = 0; i < 60; i++) expect((await upload("10.85.0.1")).statusCode).toBe(415);
    const over = await upload("10.85.0.1");
    expect(over.statusCode).toBe(429);
    expect(over.json().detail).toMatch(/上传过于频繁/);
    expect((await upload("10.85.0.2")).statusCode).toBe(415);
  });
});

describe("Open311 POST requests", () => {
  it("limits requests per client address with 429 in the spec's error shape and Retry-After", async () => {
    const created = await admin.request("POST", "/api/v1/api-keys", { name: "Open311 client", permissions: ["cases.report", "cases.read"], scope: "all" });
    const key = created.json().secret as string;
    const post = () =>
      t.app.inject({
        method: "POST",
        url: "/open311/v2/requests.json",
        remoteAddress: "10.83.0.1",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), description: "垃圾" }).toString(),
      });
    expect((await post()).statusCode).toBe(201);
    expect((await post()).statusCode).toBe(201);
    const over = await post();
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    const errors = over.json() as { code: number; description: string }[];
    expect(errors).toEqual([{ code: 429, description: expect.stringMatching(/请求过于频繁/) }]);
  });
});

describe("voiding a flood", () => {
  it("lists the sources with many reported cases and voids one source's cases in one step: each audited, one summary, other sources untouched, a stale count refused", async () => {
    t.clock.advance(60 * SECOND);
    const from = new Date(t.clock.clock().getTime() - 1000).toISOString();
    const flood = await reportSolving("10.90.0.1", 6);
    expect(flood.every((r) => r.statusCode === 201)).toBe(true);
    const other = await reportSolving("10.90.0.2", 2);
    const to = new Date(t.clock.clock().getTime() + 1000).toISOString();

    const listed = await admin.request("GET", `/api/v1/cases/floods?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&minCount=2`);
    expect(listed.statusCode, listed.body).toBe(200);
    const items = listed.json().items as { kind: string; source: string; count: number; sampleNumbers: string[] }[];
    const byAddress = items.filter((i) => i.kind === "address");
    expect(byAddress.map((i) => i.count)).toEqual([6, 2]);
    expect(byAddress[0]!.sampleNumbers).toEqual(flood.slice(0, 3).map((r) => r.json().number));
    const source = byAddress[0]!.source;

    const stale = await admin.request("POST", "/api/v1/cases/floods/void", { kind: "address", source, from, to, reason: "同一地址批量灌水", expectedCount: 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("INVALID_STATE");

    const done = await admin.request("POST", "/api/v1/cases/floods/void", { kind: "address", source, from, to, reason: "同一地址批量灌水", expectedCount: 6 });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ voided: 6, failed: 0 });
    for (const r of flood) {
      const number = r.json().number as string;
      const found = (await admin.request("GET", `/api/v1/cases?q=${number}`)).json().items[0];
      expect(found.state).toBe("voided");
    }
    for (const r of other) expect((await admin.request("GET", `/api/v1/cases?q=${r.json().number}`)).json().items[0].state).toBe("reported");
    const audit = await t.app.deps.database.query<{ action: string; n: string }>("select action, count(*) as n from audit_log where action in ('case.void', 'case.flood.void') group by action order by action");
    expect(audit.map((a) => [a.action, Number(a.n)])).toEqual([
      ["case.flood.void", 1],
      ["case.void", 6],
    ]);
    const again = await admin.request("POST", "/api/v1/cases/floods/void", { kind: "address", source, from, to, reason: "再来一次", expectedCount: 6 });
    expect(again.statusCode).toBe(409);
  });

  it("is for dispatchers only, and refuses a bad source or range with 400 and changes nothing", async () => {
    const ids = await seeded(admin);
    const resident = await createUserAndLogin(admin, t.app, { username: "flood-resident", roles: [{ roleId: ids.role("resident"), scope: "own" }] });
    const now = t.clock.clock();
    const range = { from: new Date(now.getTime() - 3_600_000).toISOString(), to: now.toISOString() };
    expect((await resident.request("GET", `/api/v1/cases/floods?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`)).statusCode).toBe(403);
    const body = { kind: "address", source: "f".repeat(64), ...range, reason: "x", expectedCount: 1 };
    expect((await resident.request("POST", "/api/v1/cases/floods/void", body)).statusCode).toBe(403);
    const bad = await admin.request("POST", "/api/v1/cases/floods/void", { ...body, source: "10.90.0.1" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/source/);
    const backwards = await admin.request("POST", "/api/v1/cases/floods/void", { ...body, from: range.to, to: range.from });
    expect(backwards.statusCode).toBe(400);
    expect(await countRows()).toBeGreaterThan(0);
  });
});
