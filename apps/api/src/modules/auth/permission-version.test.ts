import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeBus } from "../../lib/context";
import type { Principal } from "../../lib/principal";
import { ADMIN_PASSWORD, backend, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";
import { Authenticator } from "./auth.authenticator";

let t: TestApp;
let admin: Session;
let ids: Awaited<ReturnType<typeof seeded>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  ids = await seeded(admin);
});
afterAll(async () => t.close());

/** A 网格长 on an autonomous grid, signed in. */
async function gridHead(username: string): Promise<Session> {
  const autonomous = ids.grids.find((g) => g.level === 3)!;
  return createUserAndLogin(admin, t.app, { username, roles: [{ roleId: ids.role("grid_head"), scope: "subtree", gridId: autonomous.id }] });
}

/** PATCHes a user's roles (with the current version). */
async function setRoles(userId: string, roles: { roleId: string; scope: string; gridId?: string | null }[]) {
  const { version } = (await admin.request("GET", `/api/v1/users/${userId}`)).json() as { version: number };
  const res = await admin.request("PATCH", `/api/v1/users/${userId}`, { version, roles });
  expect(res.statusCode, res.body).toBe(200);
}

/**
 * Another process's authenticator before any notification reaches it: it shares the database but
 * hears nothing on the bus, so all it has to go on is what the session query reads.
 */
function deafAuthenticator(): Authenticator {
  const deaf: ChangeBus = {
    publish: (tx, tenantId, topic, detail) => t.app.deps.changes.publish(tx, tenantId, topic, detail),
    subscribe: () => () => undefined,
    observe: () => undefined,
    version: () => 0,
  };
  return new Authenticator({ ...t.app.deps, changes: deaf });
}

const principal = async (auth: Authenticator, s: Session): Promise<Principal> => {
  const p = await auth.fromSessionToken(s.cookie);
  if (p === "expired") throw new Error("session expired");
  return p;
};

describe(`the permission version (${backend})`, () => {
  it("refuses a 网格长's very next request once their role is taken away", async () => {
    const head = await gridHead("pv.head.one");
    expect((await head.request("GET", "/api/v1/people")).statusCode).toBe(200);
    expect((await head.request("GET", "/api/v1/cases")).statusCode).toBe(200);
    await setRoles(head.userId, []);
    expect((await head.request("GET", "/api/v1/people")).statusCode).toBe(403);
    expect((await head.request("GET", "/api/v1/cases")).statusCode).toBe(403);
  });

  it("judges the next request in another process by the version its session query reads, before that process hears of the change", async () => {
    const head = await gridHead("pv.head.two");
    const other = deafAuthenticator();
    expect((await principal(other, head)).permissions.has("people.read")).toBe(true);
    await setRoles(head.userId, [{ roleId: ids.role("resident"), scope: "own" }]);
    const after = await principal(other, head);
    expect(after.permissions.has("people.read")).toBe(false);
    expect(after.grants.map((g) => g.scope)).toEqual(["own"]);
  });

  it("applies a role's changed permissions and a disabled account to the next request elsewhere", async () => {
    const head = await gridHead("pv.head.three");
    const other = deafAuthenticator();
    expect((await principal(other, head)).permissions.has("units.write")).toBe(true);
    const role = ((await admin.request("GET", "/api/v1/roles")).json() as { items: { id: string; code: string; version: number; permissions: string[] }[] }).items.find((r) => r.code === "grid_head")!;
    const patched = await admin.request("PATCH", `/api/v1/roles/${role.id}`, { version: role.version, permissions: role.permissions.filter((p) => p !== "units.write") });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await principal(other, head)).permissions.has("units.write")).toBe(false);

    const { version } = (await admin.request("GET", `/api/v1/users/${head.userId}`)).json() as { version: number };
    expect((await admin.request("POST", `/api/v1/users/${head.userId}/status`, { version, status: "disabled" })).statusCode).toBe(200);
    expect(await other.fromSessionToken(head.cookie)).toBe("expired");
  });

  it("reuses a user's grants until the permission version moves", async () => {
    const head = await gridHead("pv.head.four");
    const other = deafAuthenticator();
    const first = await principal(other, head);
    expect(first.permissions.has("people.read")).toBe(true);
    // A change no write path announced (only a raw statement can make one) is not looked up again …
    await t.app.deps.database.query("delete from user_roles where tenant_id = 'xinhong' and user_id = $1", [head.userId]);
    expect((await principal(other, head)).grants).toBe(first.grants);
    // … until anything bumps the version.
    await t.app.deps.db.transaction((tx) => t.app.deps.sessions.permissionsChanged(tx));
    expect((await principal(other, head)).permissions.size).toBe(0);
  });
});
