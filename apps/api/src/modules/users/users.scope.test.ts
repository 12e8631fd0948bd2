import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGrid } from "../../seed/factories";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

/**
 * The role × route × in/out-of-scope matrix for the users and audit routes. Actors:
 * admin (all), a 网格长 of 爱博片区 (users.read over the subtree), a grid administrator of
 * 爱博片区 (users.read/write + audit.read over the subtree), a 网格员 (no users.read) and a
 * self-service role (users.read over own records).
 */
let t: TestApp;
const actors: Record<string, Session> = {};
const targets: Record<string, { id: string; version: number }> = {};

beforeAll(async () => {
  t = await createTestApp();
  const admin = await login(t.app, "admin", ADMIN_PASSWORD);
  actors.admin = admin;
  const { grid, role } = await seeded(admin);
  const aiboVillage = await buildGrid(t.app.deps.db, "xinhong", grid("爱博片区"), { name: "爱博一村居委（示例）" });
  const gridAdminRole = (await admin.request("POST", "/api/v1/roles", { code: "grid_admin", nameZh: "片区管理员", nameEn: "Area admin", permissions: ["users.read", "users.write", "audit.read"] })).json();
  const selfRole = (await admin.request("POST", "/api/v1/roles", { code: "self_service", nameZh: "自助", nameEn: "Self service", permissions: ["users.read"] })).json();
  actors.aiboHead = await createUserAndLogin(admin, t.app, { username: "aibo.head", gridId: grid("爱博片区"), roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: grid("爱博片区") }] });
  actors.aiboAdmin = await createUserAndLogin(admin, t.app, { username: "aibo.admin", gridId: grid("爱博片区"), roles: [{ roleId: gridAdminRole.id, scope: "subtree", gridId: grid("爱博片区") }] });
  actors.worker = await createUserAndLogin(admin, t.app, { username: "aibo.worker", gridId: aiboVillage.id, roles: [{ roleId: role("grid_worker"), scope: "grid", gridId: aiboVillage.id }] });
  actors.self = await createUserAndLogin(admin, t.app, { username: "self.only", gridId: grid("华美片区"), roles: [{ roleId: selfRole.id, scope: "own" }] });
  for (const [key, gridId] of [["inAibo", aiboVillage.id], ["inHuamei", grid("华美片区")]] as const) {
    const res = await admin.request("POST", "/api/v1/users", { username: `target.${key.toLowerCase()}`, displayName: `目标${key}`, password: "target-pass-123", phone: key === "inAibo" ? "13800000001" : "13800000002", gridId });
    targets[key] = res.json();
  }
  // Give each target an audit trail of its own.
  for (const key of ["inAibo", "inHuamei"]) {
    const res = await admin.request("PATCH", `/api/v1/users/${targets[key]!.id}`, { version: targets[key]!.version, displayName: `目标${key}改` });
    targets[key] = res.json();
  }
});
afterAll(async () => t.close());

type Expect = { list: [boolean, boolean] | 403; get: [number, number]; edit: [number, number]; audit: [boolean, boolean] | 403; reveal: [number, number] };
const matrix: [string, Expect][] = [
  ["admin", { list: [true, true], get: [200, 200], edit: [200, 200], audit: [true, true], reveal: [200, 200] }],
  ["aiboHead", { list: [true, false], get: [200, 403], edit: [403, 403], audit: 403, reveal: [403, 403] }],
  ["aiboAdmin", { list: [true, false], get: [200, 403], edit: [200, 403], audit: [true, false], reveal: [403, 403] }],
  ["worker", { list: 403, get: [403, 403], edit: [403, 403], audit: 403, reveal: [403, 403] }],
  ["self", { list: [false, false], get: [403, 403], edit: [403, 403], audit: 403, reveal: [403, 403] }],
];

describe.each(matrix)("%s", (name, expected) => {
  it(`lists users in scope only`, async () => {
    const res = await actors[name]!.request("GET", "/api/v1/users?limit=200");
    if (expected.list === 403) return expect(res.statusCode).toBe(403);
    const ids = res.json().items.map((u: { id: string }) => u.id);
    expect([ids.includes(targets.inAibo!.id), ids.includes(targets.inHuamei!.id)]).toEqual(expected.list);
  });

  it(`reads one user: in scope ${expected.get[0]}, out of scope ${expected.get[1]}`, async () => {
    for (const [i, key] of ["inAibo", "inHuamei"].entries()) {
      expect((await actors[name]!.request("GET", `/api/v1/users/${targets[key]!.id}`)).statusCode).toBe(expected.get[i]);
    }
  });

  it(`edits a user: in scope ${expected.edit[0]}, out of scope ${expected.edit[1]}`, async () => {
    for (const [i, key] of ["inAibo", "inHuamei"].entries()) {
      const current = (await actors.admin!.request("GET", `/api/v1/users/${targets[key]!.id}`)).json();
      const res = await actors[name]!.request("PATCH", `/api/v1/users/${current.id}`, { version: current.version, displayName: `${name}改过` });
      expect(res.statusCode).toBe(expected.edit[i]);
      if (res.statusCode !== 200) {
        expect((await actors.admin!.request("GET", `/api/v1/users/${current.id}`)).json().version).toBe(current.version);
      }
      for (const path of ["status", "password"]) {
        const body = path === "status" ? { version: current.version + (res.statusCode === 200 ? 1 : 0), status: "active" } : { password: "another-pass-123" };
        const other = await actors[name]!.request("POST", `/api/v1/users/${current.id}/${path}`, body);
        expect(other.statusCode).toBe(expected.edit[i] === 200 ? (path === "status" ? 200 : 204) : 403);
      }
    }
  });

  it(`searches the audit log within scope`, async () => {
    const res = await actors[name]!.request("GET", "/api/v1/audit?limit=200&entityType=user");
    if (expected.audit === 403) return expect(res.statusCode).toBe(403);
    const entityIds = new Set(res.json().items.map((e: { entityId: string }) => e.entityId));
    expect([entityIds.has(targets.inAibo!.id), entityIds.has(targets.inHuamei!.id)]).toEqual(expected.audit);
  });

  it(`reveals a phone only with personal.unmask inside scope`, async () => {
    for (const [i, key] of ["inAibo", "inHuamei"].entries()) {
      expect((await actors[name]!.request("GET", `/api/v1/users/${targets[key]!.id}/personal-data`)).statusCode).toBe(expected.reveal[i]);
    }
  });
});

describe("self scope", () => {
  it("sees exactly its own record", async () => {
    const res = await actors.self!.request("GET", "/api/v1/users?limit=200");
    expect(res.json().items.map((u: { username: string }) => u.username)).toEqual(["self.only"]);
    expect((await actors.self!.request("GET", `/api/v1/users/${actors.self!.userId}`)).statusCode).toBe(200);
  });
});

describe("no privilege escalation", () => {
  it("a subtree administrator cannot grant the all scope, a sibling subtree, or permissions they lack", async () => {
    const admin = actors.admin!;
    const { grid, role } = await seeded(admin);
    const base = { displayName: "提权", password: "escalate-pass-1", gridId: grid("爱博片区") };
    const asAll = await actors.aiboAdmin!.request("POST", "/api/v1/users", { ...base, username: "esc1", roles: [{ roleId: role("grid_head"), scope: "all" }] });
    expect(asAll.statusCode).toBe(403);
    const sibling = await actors.aiboAdmin!.request("POST", "/api/v1/users", { ...base, username: "esc2", roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: grid("华美片区") }] });
    expect(sibling.statusCode).toBe(403);
    const adminRole = await actors.aiboAdmin!.request("POST", "/api/v1/users", { ...base, username: "esc3", roles: [{ roleId: role("subdistrict_admin"), scope: "subtree", gridId: grid("爱博片区") }] });
    expect(adminRole.statusCode).toBe(403);
    const outside = await actors.aiboAdmin!.request("POST", "/api/v1/users", { ...base, username: "esc4", gridId: grid("华美片区") });
    expect(outside.statusCode).toBe(403);
    // grid_head carries grids.read, which this administrator lacks; self_service (users.read) is grantable.
    const lacking = await actors.aiboAdmin!.request("POST", "/api/v1/users", { ...base, username: "esc5", roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: grid("爱博片区") }] });
    expect(lacking.statusCode).toBe(403);
    const fine = await actors.aiboAdmin!.request("POST", "/api/v1/users", { ...base, username: "ok1", roles: [{ roleId: role("self_service"), scope: "subtree", gridId: grid("爱博片区") }] });
    expect(fine.statusCode).toBe(201);
  });
});
