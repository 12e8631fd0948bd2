import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, seeded, sessionFor, type TestApp } from "../../test/harness";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe("sign-in", () => {
  it("signs in the admin with an HttpOnly SameSite=Lax cookie and returns permissions and a CSRF token", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "admin", password: ADMIN_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.headers["set-cookie"] as string;
    expect(cookie).toMatch(/caihong_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const body = res.json();
    expect(body.username).toBe("admin");
    expect(body.permissions).toContain("users.write");
    expect(body.csrfToken).toMatch(/.{20,}/);
    expect(body.tenantName).toBe("新虹街道");
  });

  it("refuses a wrong password with 401 INVALID_CREDENTIALS and the same answer for an unknown user", async () => {
    const wrong = await t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "admin", password: "not-the-password" } });
    const unknown = await t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "nobody", password: "not-the-password" } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe("INVALID_CREDENTIALS");
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().title).toBe(wrong.json().title);
    expect(wrong.headers["content-type"]).toMatch(/application\/problem\+json/);
  });
});

describe("sessions", () => {
  it("logs out: the cookie stops working", async () => {
    const s = await login(t.app, "admin", ADMIN_PASSWORD);
    expect((await s.request("GET", "/api/v1/auth/me")).statusCode).toBe(200);
    expect((await s.request("POST", "/api/v1/auth/logout")).statusCode).toBe(204);
    const after = await s.request("GET", "/api/v1/auth/me");
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe("SESSION_EXPIRED");
  });

  it("expires a session after the idle limit and after the absolute limit", async () => {
    const idle = await login(t.app, "admin", ADMIN_PASSWORD);
    t.clock.advance((t.config.sessionIdleMinutes + 1) * 60_000);
    expect((await idle.request("GET", "/api/v1/auth/me")).json().code).toBe("SESSION_EXPIRED");

    const active = await login(t.app, "admin", ADMIN_PASSWORD);
    const step = (t.config.sessionIdleMinutes / 2) * 60_000;
    for (let elapsed = 0; elapsed < t.config.sessionAbsoluteHours * 3_600_000 - step; elapsed += step) {
      t.clock.advance(step);
      expect((await active.request("GET", "/api/v1/auth/me")).statusCode).toBe(200);
    }
    t.clock.advance(step);
    expect((await active.request("GET", "/api/v1/auth/me")).json().code).toBe("SESSION_EXPIRED");
  });

  it("rejects a cookie-authenticated write without the CSRF token and writes nothing", async () => {
    const s = await login(t.app, "admin", ADMIN_PASSWORD);
    const before = (await s.request("GET", "/api/v1/users?limit=200")).json().items.length;
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/users",
      cookies: { caihong_sid: s.cookie },
      payload: { username: "csrfvictim", displayName: "x", password: "long-enough-pass" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("CSRF_INVALID");
    const wrongToken = await sessionFor(t.app, s.cookie, "forged", s.userId).request("POST", "/api/v1/users", { username: "csrfvictim", displayName: "x", password: "long-enough-pass" });
    expect(wrongToken.json().code).toBe("CSRF_INVALID");
    expect((await s.request("GET", "/api/v1/users?limit=200")).json().items.length).toBe(before);
  });

  it("forces a user with a temporary password to change it before anything else", async () => {
    const admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const { role } = await seeded(admin);
    await admin.request("POST", "/api/v1/users", { username: "tempuser", displayName: "临时", password: "temporary-pass-1", roles: [{ roleId: role("grid_head"), scope: "all" }] });
    const s = await login(t.app, "tempuser", "temporary-pass-1");
    const blocked = await s.request("GET", "/api/v1/users");
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe("PASSWORD_CHANGE_REQUIRED");
    expect((await s.request("POST", "/api/v1/auth/password", { currentPassword: "temporary-pass-1", newPassword: "a-new-password-1" })).statusCode).toBe(204);
    expect((await s.request("GET", "/api/v1/users")).statusCode).toBe(200);
  });
});

describe("API keys", () => {
  it("authenticates a machine client by bearer key without CSRF, limited to the key's permissions, until revoked", async () => {
    const admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const created = await admin.request("POST", "/api/v1/api-keys", { name: "12345 热线对接", permissions: ["users.read"], scope: "all" });
    expect(created.statusCode).toBe(201);
    const { secret, id } = created.json();
    const auth = { authorization: `Bearer ${secret}` };
    expect((await t.app.inject({ method: "GET", url: "/api/v1/users", headers: auth })).statusCode).toBe(200);
    const write = await t.app.inject({ method: "POST", url: "/api/v1/roles", headers: auth, payload: { code: "x_role", nameZh: "x", nameEn: "x", permissions: [] } });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe("FORBIDDEN");
    const list = (await admin.request("GET", "/api/v1/api-keys")).json();
    expect(JSON.stringify(list)).not.toContain(secret);
    expect((await admin.request("DELETE", `/api/v1/api-keys/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/users", headers: auth })).statusCode).toBe(401);
  });
});

describe("resident registration", () => {
  it("registers a resident with a phone code from the SMS sender and signs them in with the resident role", async () => {
    const code = await t.app.inject({ method: "POST", url: "/api/v1/auth/register/code", payload: { phone: "13912345678" } });
    expect(code.statusCode).toBe(200);
    const again = await t.app.inject({ method: "POST", url: "/api/v1/auth/register/code", payload: { phone: "13912345678" } });
    expect(again.statusCode).toBe(429);
    const sent = t.sms.sent.at(-1)!;
    expect(sent.phone).toBe("13912345678");
    const digits = sent.text.match(/\d{6}/)![0];
    const wrong = await t.app.inject({ method: "POST", url: "/api/v1/auth/register", payload: { phone: "13912345678", code: digits === "000000" ? "111111" : "000000", password: "resident-pass-1", displayName: "李四" } });
    expect(wrong.statusCode).toBe(401);
    const ok = await t.app.inject({ method: "POST", url: "/api/v1/auth/register", payload: { phone: "13912345678", code: digits, password: "resident-pass-1", displayName: "李四" } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().roles[0].code).toBe("resident");
    expect(ok.json().phoneMasked).toBe("139****5678");
    const byPhone = await login(t.app, "13912345678", "resident-pass-1");
    expect((await byPhone.request("GET", "/api/v1/users")).statusCode).toBe(403);
  });
});
