import { ZProblem } from "@caihong/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, type Session, type TestApp } from "../test/harness";

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
});
afterAll(async () => t.close());

async function userCount() {
  return (await admin.request("GET", "/api/v1/users?limit=200")).json().items.length as number;
}
async function auditCount() {
  return (await admin.request("GET", "/api/v1/audit?limit=200&action=user.create")).json().items.length as number;
}

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  const body = ZProblem.parse(res.json());
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^urn:caihong:error:/);
  expect(body.requestId).toBe(res.headers["x-request-id"]);
  return body;
}

describe("problem+json for every error class", () => {
  it("400 lists every field error, localized by Accept-Language", async () => {
    const zh = await admin.request("POST", "/api/v1/users", { username: "A", displayName: "", password: "short", phone: "123" });
    const body = expectProblem(zh, 400, "VALIDATION_FAILED");
    const paths = body.errors!.map((e) => e.path).sort();
    expect(paths).toEqual(["body.displayName", "body.password", "body.phone", "body.username"]);
    expect(body.title).toBe("请求内容不符合要求");
    expect(body.errors!.find((e) => e.path === "body.phone")!.message).toBe("请输入 11 位手机号");
    const en = await admin.request("POST", "/api/v1/users", { username: "A", displayName: "", password: "short" }, { "accept-language": "en-US,en;q=0.9" });
    expect(en.json().title).toBe("The request is not valid");
    expect(en.json().errors.find((e: { path: string }) => e.path === "body.password").message).toBe("At least 10 characters");
  });

  it("401 without a session, 403 without the permission, 404 for a missing record and an unknown route, 405 for a wrong method", async () => {
    expectProblem(await t.app.inject({ method: "GET", url: "/api/v1/users" }), 401, "UNAUTHENTICATED");
    const code = await t.app.inject({ method: "POST", url: "/api/v1/auth/register/code", payload: { phone: "13700000001" } });
    expect(code.statusCode).toBe(200);
    const digits = t.sms.sent.at(-1)!.text.match(/\d{6}/)![0];
    const resident = await t.app.inject({ method: "POST", url: "/api/v1/auth/register", payload: { phone: "13700000001", code: digits, password: "resident-pass-1", displayName: "居民" } });
    const cookie = resident.cookies.find((c) => c.name === "caihong_sid")!.value;
    expectProblem(await t.app.inject({ method: "GET", url: "/api/v1/audit", cookies: { caihong_sid: cookie } }), 403, "FORBIDDEN");
    expectProblem(await admin.request("GET", "/api/v1/users/00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
    expectProblem(await admin.request("GET", "/api/v1/no-such-thing"), 404, "ROUTE_NOT_FOUND");
    const wrongMethod = await admin.request("PUT", "/api/v1/roles");
    expectProblem(wrongMethod, 405, "METHOD_NOT_ALLOWED");
    expect(wrongMethod.headers.allow).toContain("GET");
  });

  it("409 on a stale version, 413 on an oversized body, 415 on a wrong content type", async () => {
    const roles = (await admin.request("GET", "/api/v1/roles")).json().items;
    const role = roles.find((r: { code: string }) => r.code === "grid_worker");
    expect((await admin.request("PATCH", `/api/v1/roles/${role.id}`, { version: role.version, nameEn: "Grid worker" })).statusCode).toBe(200);
    expectProblem(await admin.request("PATCH", `/api/v1/roles/${role.id}`, { version: role.version, nameEn: "Stale" }), 409, "VERSION_CONFLICT");
    const before = await userCount();
    const huge = "x".repeat(2 * 1024 * 1024);
    expectProblem(await admin.request("POST", "/api/v1/users", { username: "huge", displayName: huge, password: "long-enough-pass" }), 413, "PAYLOAD_TOO_LARGE");
    const form = await t.app.inject({
      method: "POST",
      url: "/api/v1/users",
      cookies: { caihong_sid: admin.cookie },
      headers: { "x-csrf-token": admin.csrf, "content-type": "application/x-www-form-urlencoded" },
      payload: "username=form&displayName=x&password=long-enough-pass",
    });
    expectProblem(form, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(await userCount()).toBe(before);
  });

  it("429 with Retry-After when a phone asks for codes too fast", async () => {
    await t.app.inject({ method: "POST", url: "/api/v1/auth/register/code", payload: { phone: "13700000002" } });
    const res = await t.app.inject({ method: "POST", url: "/api/v1/auth/register/code", payload: { phone: "13700000002" } });
    expectProblem(res, 429, "RATE_LIMITED");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("500 keeps its shape and leaks no internals", async () => {
    t.app.deps.database.stats = () => {
      throw new Error("secret internal detail");
    };
    const res = await t.app.inject({ method: "GET", url: "/metrics" });
    const body = expectProblem(res, 500, "INTERNAL");
    expect(JSON.stringify(body)).not.toContain("secret internal detail");
  });
});

describe("bad input gets a 4xx and writes nothing", () => {
  const cases: [string, string | object, Record<string, string>?][] = [
    ["malformed JSON", '{"username": "x",', { "content-type": "application/json" }],
    ["empty JSON body", "", { "content-type": "application/json" }],
    ["an unknown field", { username: "unknown1", displayName: "x", password: "long-enough-pass", isAdmin: true }],
    ["a wrong type", { username: 42, displayName: ["x"], password: true }],
    ["a megabyte string in a field", { username: "mega", displayName: "汉".repeat(300_000), password: "long-enough-pass" }],
    ["a NUL byte", { username: "nul", displayName: "a\u0000b", password: "long-enough-pass" }],
    ["a lone surrogate", { username: "surrogate", displayName: "a\ud800b", password: "long-enough-pass" }],
    ["a bidi override", { username: "bidi", displayName: "abc\u202edef", password: "long-enough-pass" }],
    ["a C1 control character", { username: "c1", displayName: "a\u0085b", password: "long-enough-pass" }],
    ["a non-UUID grid", { username: "badgrid", displayName: "x", password: "long-enough-pass", gridId: "../../etc" }],
    ["a NUL in the login name", { username: "ad\u0000min", password: "whatever" }],
  ];
  it.each(cases)("%s", async (_name, payload, headers) => {
    const users = await userCount();
    const audits = await auditCount();
    const url = typeof payload === "object" && "password" in payload && !("displayName" in payload) ? "/api/v1/auth/login" : "/api/v1/users";
    const res = await t.app.inject({
      method: "POST",
      url,
      cookies: { caihong_sid: admin.cookie },
      headers: { "x-csrf-token": admin.csrf, ...(headers ?? {}) },
      payload: payload as string,
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(ZProblem.safeParse(res.json()).success).toBe(true);
    expect(await userCount()).toBe(users);
    expect(await auditCount()).toBe(audits);
  });

  it("accepts emoji and CJK as ordinary text", async () => {
    const res = await admin.request("POST", "/api/v1/users", { username: "emoji", displayName: "王小明🌈", password: "long-enough-pass" });
    expect(res.statusCode).toBe(201);
    expect(res.json().displayName).toBe("王小明🌈");
  });
});

describe("the HTTP envelope", () => {
  it("sends a request id, security headers and no CORS", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz", headers: { origin: "https://evil.example" } });
    expect(res.headers["x-request-id"]).toBeTruthy();
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("echoes a caller's request id", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "trace-123" } });
    expect(res.headers["x-request-id"]).toBe("trace-123");
  });

  it("is ready when the database answers and every migration is applied", async () => {
    const res = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(200);
    expect(res.json().migrations).toBeGreaterThan(0);
  });

  it("publishes OpenAPI 3 with every /api/v1 route", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ["/api/v1/auth/login", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/roles", "/api/v1/audit", "/api/v1/api-keys", "/api/v1/grids"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths["/api/v1/users"].post.requestBody).toBeTruthy();
    expect((await t.app.inject({ method: "GET", url: "/docs" })).statusCode).toBeLessThan(400);
  });
});
