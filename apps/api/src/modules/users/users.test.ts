import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, seeded, type Session, type TestApp } from "../../test/harness";

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
});
afterAll(async () => t.close());

async function createUser(username: string, extra: Record<string, unknown> = {}) {
  const res = await admin.request("POST", "/api/v1/users", { username, displayName: `用户${username}`, password: "initial-pass-1", ...extra });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe("user accounts", () => {
  it("creates a user with a role and scope, audited with the phone masked", async () => {
    const { grid, role } = await seeded(admin);
    const user = await createUser("zhang.san", { phone: "13812341234", gridId: grid("枢纽片区"), roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: grid("枢纽片区") }] });
    expect(user.phoneMasked).toBe("138****1234");
    expect(user.roles).toEqual([expect.objectContaining({ roleCode: "grid_head", scope: "subtree", gridName: "枢纽片区" })]);
    expect(JSON.stringify(user)).not.toMatch(/password|13812341234/i);
    const audit = (await admin.request("GET", `/api/v1/audit?entityId=${user.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: "user.create", actorLabel: expect.stringContaining("admin") });
    expect(JSON.stringify(audit)).not.toContain("13812341234");
    expect(audit[0].after.phone).toBe("138****1234");
  });

  it("stores the phone encrypted with a keyed hash, never in plain text", async () => {
    const rows = await t.app.deps.database.query<{ phone_enc: string; phone_hash: string }>("select phone_enc, phone_hash from users where username = 'zhang.san'");
    expect(rows[0]!.phone_enc).not.toContain("13812341234");
    expect(rows[0]!.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify(await t.app.deps.database.query("select * from users"));
    expect(dump).not.toContain("13812341234");
  });

  it("finds a user by exact phone number through the keyed hash, and by name substring", async () => {
    expect((await admin.request("GET", "/api/v1/users?q=13812341234")).json().items.map((u: { username: string }) => u.username)).toEqual(["zhang.san"]);
    expect((await admin.request("GET", `/api/v1/users?q=${encodeURIComponent("用户zhang")}`)).json().items).toHaveLength(1);
    expect((await admin.request("GET", "/api/v1/users?q=1381234")).json().items).toHaveLength(0);
  });

  it("reveals the full phone only on request, and audits that read", async () => {
    const user = (await admin.request("GET", "/api/v1/users?q=zhang.san")).json().items[0];
    const res = await admin.request("GET", `/api/v1/users/${user.id}/personal-data`);
    expect(res.json()).toEqual({ phone: "13812341234" });
    const audit = (await admin.request("GET", `/api/v1/audit?action=user.phone.unmask&entityId=${user.id}`)).json().items;
    expect(audit).toHaveLength(1);
  });

  it("refuses a duplicate username or phone with 409 and the field", async () => {
    const dupName = await admin.request("POST", "/api/v1/users", { username: "zhang.san", displayName: "x", password: "initial-pass-1" });
    expect(dupName.statusCode).toBe(409);
    expect(dupName.json().errors[0].path).toBe("body.username");
    const dupPhone = await admin.request("POST", "/api/v1/users", { username: "other", displayName: "x", password: "initial-pass-1", phone: "13812341234" });
    expect(dupPhone.statusCode).toBe(409);
    expect(dupPhone.json().errors[0].path).toBe("body.phone");
  });

  it("never loses an update: two concurrent edits of one version give one 200 and one 409", async () => {
    const user = await createUser("race.target");
    const [a, b] = await Promise.all([
      admin.request("PATCH", `/api/v1/users/${user.id}`, { version: user.version, displayName: "甲改" }),
      admin.request("PATCH", `/api/v1/users/${user.id}`, { version: user.version, displayName: "乙改" }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? a.json() : b.json();
    const now = (await admin.request("GET", `/api/v1/users/${user.id}`)).json();
    expect(now.displayName).toBe(winner.displayName);
    expect(now.version).toBe(user.version + 1);
  });

  it("disabling a user ends their sessions and blocks sign-in; enabling lets them back", async () => {
    const user = await createUser("to.disable");
    const s = await login(t.app, "to.disable", "initial-pass-1");
    const disabled = await admin.request("POST", `/api/v1/users/${user.id}/status`, { version: user.version, status: "disabled" });
    expect(disabled.json().status).toBe("disabled");
    expect((await s.request("GET", "/api/v1/auth/me")).statusCode).toBe(401);
    const again = await t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "to.disable", password: "initial-pass-1" } });
    expect(again.json().code).toBe("ACCOUNT_DISABLED");
    await admin.request("POST", `/api/v1/users/${user.id}/status`, { version: disabled.json().version, status: "active" });
    expect((await login(t.app, "to.disable", "initial-pass-1")).userId).toBe(user.id);
  });

  it("an administrator cannot disable their own account", async () => {
    const me = (await admin.request("GET", "/api/v1/auth/me")).json();
    const self = (await admin.request("GET", `/api/v1/users/${me.id}`)).json();
    const res = await admin.request("POST", `/api/v1/users/${me.id}/status`, { version: self.version, status: "disabled" });
    expect(res.statusCode).toBe(422);
  });

  it("an admin password reset revokes sessions and forces a change at next sign-in", async () => {
    const user = await createUser("to.reset");
    const s = await login(t.app, "to.reset", "initial-pass-1");
    expect((await admin.request("POST", `/api/v1/users/${user.id}/password`, { password: "reset-pass-123" })).statusCode).toBe(204);
    expect((await s.request("GET", "/api/v1/auth/me")).statusCode).toBe(401);
    const fresh = await login(t.app, "to.reset", "reset-pass-123");
    expect((await fresh.request("GET", "/api/v1/auth/me")).json().mustChangePassword).toBe(true);
  });

  it("pages through users with a cursor and exports them as CSV", async () => {
    for (let i = 0; i < 5; i++) await createUser(`page.${i}`);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await admin.request("GET", `/api/v1/users?limit=3${cursor ? `&cursor=${cursor}` : ""}`)).json();
      for (const u of page.items) {
        expect(seen.has(u.id)).toBe(false);
        seen.add(u.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await admin.request("GET", "/api/v1/users?limit=200")).json().items;
    expect(seen.size).toBe(all.length);
    const csv = await admin.request("GET", "/api/v1/users/export.csv?q=page.");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body.startsWith("\ufeff用户名,姓名")).toBe(true);
    expect(csv.body.trim().split("\r\n")).toHaveLength(6);
    expect((await admin.request("GET", "/api/v1/users?cursor=not-a-cursor")).statusCode).toBe(400);
  });

  it("remembers the language a user picks", async () => {
    const res = await admin.request("PATCH", "/api/v1/auth/profile", { locale: "en" });
    expect(res.json().locale).toBe("en");
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", cookies: { caihong_sid: admin.cookie } });
    expect(me.json().roles[0].name).toBe("Sub-district admin");
    await admin.request("PATCH", "/api/v1/auth/profile", { locale: "zh-CN" });
  });
});

describe("roles", () => {
  it("creates, edits and deletes a custom role, audited with before and after", async () => {
    const created = await admin.request("POST", "/api/v1/roles", { code: "volunteer", nameZh: "志愿者", nameEn: "Volunteer", permissions: ["grids.read"] });
    expect(created.statusCode).toBe(201);
    const edited = await admin.request("PATCH", `/api/v1/roles/${created.json().id}`, { version: 1, permissions: ["grids.read", "users.read"] });
    expect(edited.json().permissions).toEqual(["users.read", "grids.read"]);
    const audit = (await admin.request("GET", `/api/v1/audit?entityType=role&entityId=${created.json().id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(["role.update", "role.create"]);
    expect(audit[0].before.permissions).toEqual(["grids.read"]);
    expect((await admin.request("DELETE", `/api/v1/roles/${created.json().id}`)).statusCode).toBe(204);
  });

  it("refuses to delete a system role or a role someone holds", async () => {
    const { role } = await seeded(admin);
    expect((await admin.request("DELETE", `/api/v1/roles/${role("grid_head")}`)).statusCode).toBe(409);
    const custom = (await admin.request("POST", "/api/v1/roles", { code: "held", nameZh: "持有", nameEn: "Held", permissions: [] })).json();
    await createUser("holder", { roles: [{ roleId: custom.id, scope: "own" }] });
    const res = await admin.request("DELETE", `/api/v1/roles/${custom.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("INVALID_STATE");
  });

  it("applies a permission change to signed-in holders at once", async () => {
    const custom = (await admin.request("POST", "/api/v1/roles", { code: "reader", nameZh: "读者", nameEn: "Reader", permissions: [] })).json();
    await createUser("reader.one", { roles: [{ roleId: custom.id, scope: "all" }] });
    const s = await login(t.app, "reader.one", "initial-pass-1");
    await s.request("POST", "/api/v1/auth/password", { currentPassword: "initial-pass-1", newPassword: "reader-pass-12" });
    expect((await s.request("GET", "/api/v1/users")).statusCode).toBe(403);
    await admin.request("PATCH", `/api/v1/roles/${custom.id}`, { version: custom.version, permissions: ["users.read"] });
    expect((await s.request("GET", "/api/v1/users")).statusCode).toBe(200);
  });
});
