import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/env";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type TestApp } from "../../test/harness";

const defaults = loadConfig({}).limits;
const limits = {
  ...defaults,
  login: { ...defaults.login, freeFailures: 5, maxBackoffSeconds: 8, accountFailures: 12, addressFailures: 20 },
  sms: { perPhonePerDay: 3, perAddressPerDay: 5 },
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ limits });
});
afterAll(async () => t.close());

const attempt = (username: string, password: string, ip: string) => t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password }, remoteAddress: ip });
const SECOND = 1000;

describe("sign-in throttling by account and address", () => {
  it("answers 401 for five failures, then 429 RATE_LIMITED with a doubling Retry-After capped by the setting, even for the right password; the right password gets in once the wait is over", async () => {
    const admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const { role } = await seeded(admin);
    await createUserAndLogin(admin, t.app, { username: "slowme", roles: [{ roleId: role("grid_worker"), scope: "own" }] });
    const ip = "10.9.9.9";
    for (let i = 0; i < 5; i++) expect((await attempt("slowme", "wrong-password", ip)).statusCode).toBe(401);
    const blocked = await attempt("slowme", "permanent-pass-1", ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(blocked.json().code).toBe("RATE_LIMITED");
    expect(blocked.headers["retry-after"]).toBe("1");
    const waits = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(Number((await attempt("slowme", "wrong-password", ip)).headers["retry-after"] ?? 0) * SECOND);
      const failed = await attempt("slowme", "wrong-password", ip);
      expect(failed.statusCode).toBe(401);
      const next = await attempt("slowme", "wrong-password", ip);
      expect(next.statusCode).toBe(429);
      waits.push(Number(next.headers["retry-after"]));
    }
    expect(waits).toEqual([2, 4, 8, 8, 8]);
    t.clock.advance(8 * SECOND);
    expect((await attempt("slowme", "permanent-pass-1", ip)).statusCode).toBe(200);
    // Success clears the pair's failures: the next wrong password is a plain 401 again.
    expect((await attempt("slowme", "wrong-password", ip)).statusCode).toBe(401);
    expect((await attempt("slowme", "wrong-password", ip)).statusCode).toBe(401);
  });

  it("keeps the admin able to sign in from another address while one address is throttled for it", async () => {
    const attacker = "10.66.0.1";
    for (let i = 0; i < 5; i++) expect((await attempt("admin", "guessing-wrong", attacker)).statusCode).toBe(401);
    const blocked = await attempt("admin", ADMIN_PASSWORD, attacker);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    const elsewhere = await attempt("admin", ADMIN_PASSWORD, "10.66.0.2");
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json().username).toBe("admin");
  });

  it("answers an unknown name exactly like a known one: 401 with the same body, then 429 after the same number of failures", async () => {
    const admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const { role } = await seeded(admin);
    await createUserAndLogin(admin, t.app, { username: "realname", roles: [{ roleId: role("grid_worker"), scope: "own" }] });
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    const known = [];
    const unknown = [];
    for (let i = 0; i < 6; i++) {
      known.push(await attempt("realname", "wrong-password", "10.55.0.1"));
      unknown.push(await attempt("nobody-here", "wrong-password", "10.55.0.1"));
    }
    expect(known.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(unknown.map((r) => r.statusCode)).toEqual(known.map((r) => r.statusCode));
    for (let i = 0; i < 6; i++) {
      expect(strip(unknown[i]!.json())).toEqual(strip(known[i]!.json()));
      expect(unknown[i]!.headers["retry-after"]).toBe(known[i]!.headers["retry-after"]);
    }
  });

  it("slows an account sprayed from many addresses, but never for an address it signed in from before", async () => {
    const admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const { role } = await seeded(admin);
    await createUserAndLogin(admin, t.app, { username: "sprayed", roles: [{ roleId: role("grid_worker"), scope: "own" }] });
    expect((await attempt("sprayed", "permanent-pass-1", "10.44.0.250")).statusCode).toBe(200);
    for (let i = 0; i < limits.login.accountFailures; i++) expect((await attempt("sprayed", "wrong-password", `10.44.0.${i + 1}`)).statusCode).toBe(401);
    const stranger = await attempt("sprayed", "permanent-pass-1", "10.44.1.1");
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().code).toBe("RATE_LIMITED");
    expect(Number(stranger.headers["retry-after"])).toBeGreaterThan(0);
    expect((await attempt("sprayed", "permanent-pass-1", "10.44.0.250")).statusCode).toBe(200);
    t.clock.advance(limits.login.windowMinutes * 60 * SECOND);
    expect((await attempt("sprayed", "permanent-pass-1", "10.44.1.1")).statusCode).toBe(200);
  });

  it("throttles one address failing across many accounts, not other addresses", async () => {
    const codes = [];
    for (let i = 0; i < limits.login.addressFailures + 1; i++) codes.push((await attempt(`ghost${i}`, "x", "10.7.7.7")).statusCode);
    expect(codes.slice(0, limits.login.addressFailures).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    expect((await attempt("admin", ADMIN_PASSWORD, "10.7.7.8")).statusCode).toBe(200);
  });

  it("counts in the database: a second app on the same data would see the same counters (no per-process map)", async () => {
    const before = await attempt("someone", "wrong-password", "10.33.0.1");
    expect(before.statusCode).toBe(401);
    const rows = await t.app.deps.database.query<{ bucket: string; count: number }>("select bucket, count from rate_limits where bucket like 'login.%' and count > 0");
    expect(rows.map((r) => r.bucket)).toEqual(expect.arrayContaining(["login.pair", "login.account", "login.address", "login.known"]));
    const keys = await t.app.deps.database.query<{ key: string }>("select key from rate_limits");
    expect(keys.some((k) => k.key.includes("10.33.0.1") || k.key.includes("someone"))).toBe(false);
  });
});

describe("the session cookie", () => {
  it("is Secure when the request came over https (behind a trusted proxy) and not over plain http", async () => {
    const proxied = await createTestApp({ trustProxy: true });
    try {
      const https = await proxied.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "admin", password: ADMIN_PASSWORD }, headers: { "x-forwarded-proto": "https" } });
      expect(https.statusCode).toBe(200);
      expect(https.headers["set-cookie"]).toMatch(/; Secure/);
      const http = await proxied.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "admin", password: ADMIN_PASSWORD } });
      expect(http.headers["set-cookie"]).not.toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
  });
});

describe("SMS code requests", () => {
  const ask = (phone: string, ip: string) => t.app.inject({ method: "POST", url: "/api/v1/auth/register/code", payload: { phone }, remoteAddress: ip });

  it("limits codes per phone per day besides the 60 s spacing: 429 with Retry-After until the day's window ends, then codes again", async () => {
    const phone = "13911110001";
    const statuses = [];
    for (let i = 0; i < limits.sms.perPhonePerDay; i++) {
      statuses.push((await ask(phone, `10.21.0.${i + 1}`)).statusCode);
      const tooSoon = await ask(phone, `10.21.0.${i + 1}`);
      expect(tooSoon.statusCode).toBe(429);
      expect(Number(tooSoon.headers["retry-after"])).toBeLessThanOrEqual(60);
      t.clock.advance(61 * SECOND);
    }
    expect(statuses).toEqual([200, 200, 200]);
    const sent = t.sms.sent.length;
    const over = await ask(phone, "10.21.1.1");
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe("RATE_LIMITED");
    expect(over.json().detail).toMatch(/验证码/);
    const retry = Number(over.headers["retry-after"]);
    expect(retry).toBeGreaterThan(86_400 - 4 * 61);
    expect(retry).toBeLessThanOrEqual(86_400);
    expect(t.sms.sent.length).toBe(sent);
    const english = await t.app.inject({ method: "POST", url: "/api/v1/auth/register/code", payload: { phone }, remoteAddress: "10.21.1.2", headers: { "accept-language": "en" } });
    expect(english.json().detail).toMatch(/Too many codes today/);
    t.clock.advance(retry * SECOND);
    expect((await ask(phone, "10.21.1.3")).statusCode).toBe(200);
  });

  it("limits codes per address per day across phones", async () => {
    const ip = "10.22.0.1";
    const statuses = [];
    for (let i = 0; i < limits.sms.perAddressPerDay + 1; i++) statuses.push((await ask(`1391111${String(1000 + i)}`, ip)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await ask("13911112000", "10.22.0.2")).statusCode).toBe(200);
  });
});
