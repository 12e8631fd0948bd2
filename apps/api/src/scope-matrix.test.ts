import { PERMISSIONS } from "@caihong/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "./test/harness";

/**
 * The scope matrix, generated from the route table: every operation of the OpenAPI document ×
 * every actor scoped to 爱博片区 (a 片区 admin holding every permission over its subtree, a 网格长,
 * a 网格员 of one micro grid, a resident, an API key over the subtree), aimed at records of 华美片区.
 *
 * - Reads (lists, exports, one record by id, with and without `gridId` of 华美片区) never answer
 *   5xx and never carry a marker of 华美片区's records: the names written with `乙标记` and their
 *   phone numbers in full.
 * - Writes aimed at 华美片区 change nothing: every table's row count and version sum and the
 *   audit log stay as they were, whatever the answer (never 5xx). The same write by the
 *   sub-district admin succeeds, which shows the request would have worked in scope.
 * - The sub-district admin reads each record by id (the fixtures point at real records).
 *
 * Every operation must be listed in OPERATIONS with what it is: a new route fails the first test
 * until its module says how it is scoped (new modules join here).
 */

const MARK = "乙标记";
const PHONES = ["13912340001", "13912340002", "13912340003", "13912340004"] as const;

/** What the world of 华美片区 holds, and a few records of 爱博片区. */
interface World {
  bDisposal: string;
  bMicro: string;
  bMicroCode: string;
  aDisposal: string;
  aMicro: string;
  aOrg: string;
  bOrg: string;
  bPerson: string;
  bUnit: string;
  bUser: string;
  bCase: string;
  bAssignment: string;
  bMembership: string;
  bPhoto: string;
  bNotification: string;
  categoryId: string;
  bPoint: { lng: number; lat: number };
}

type Body = (w: World, admin: Session) => Promise<unknown> | unknown;

/** What an operation is, for the matrix. */
type Operation =
  /** Anonymous by design (health, Open311, public report and tracking, public map): answers carry no marker. */
  | { kind: "public" }
  /** The caller's own session, account or notifications. */
  | { kind: "self" }
  /** A read: `path` fills the parameters (default: 华美片区's record for the route). */
  | { kind: "read"; path?: (w: World) => string; admin?: number }
  /**
   * A write aimed at 华美片区. `anywhere`: allowed outside the caller's scope by design (staff
   * report problems wherever they see them, ADR 0013), so scoped actors may succeed.
   * `admin`: the sub-district admin's expected status (default 2xx; 0 skips the check).
   * `callersScopeOnly`: acts on what lies in the caller's scope and answers 2xx saying what it did
   * (batch steps, voiding a flood): a scoped actor gets 2xx with nothing changed.
   */
  | { kind: "write"; path?: (w: World) => string; body?: Body; anywhere?: boolean; admin?: number; callersScopeOnly?: boolean }
  /** Tenant-wide configuration (roles, categories, calendar, keys, settings, grid import): refused to every actor scoped to a part. */
  | { kind: "config"; path?: (w: World) => string; body?: Body };

const version = async (admin: Session, url: string) => ((await admin.request("GET", url)).json() as { version: number }).version;

const OPERATIONS: Record<string, Operation> = {
  "GET /healthz": { kind: "public" },
  "GET /readyz": { kind: "public" },
  "GET /open311/v2/discovery.{format}": { kind: "public" },
  "GET /open311/v2/services.{format}": { kind: "public" },
  "GET /open311/v2/services/{file}": { kind: "public" },
  "POST /open311/v2/requests.{format}": { kind: "public" },
  "GET /open311/v2/requests.{format}": { kind: "public" },
  "GET /open311/v2/requests/{file}": { kind: "public" },
  "GET /open311/v2/servicerequestupdates.{format}": { kind: "public" },
  "POST /open311/v2/servicerequestupdates.{format}": { kind: "public" },
  "GET /open311/v2/tokens/{file}": { kind: "public" },
  "POST /api/v1/auth/login": { kind: "public" },
  "POST /api/v1/auth/logout": { kind: "self" },
  "GET /api/v1/auth/me": { kind: "self" },
  "POST /api/v1/auth/password": { kind: "self" },
  "PATCH /api/v1/auth/profile": { kind: "self" },
  "POST /api/v1/auth/register/code": { kind: "public" },
  "POST /api/v1/auth/register": { kind: "public" },

  "GET /api/v1/users": { kind: "read" },
  "POST /api/v1/users": { kind: "write", body: (w) => ({ username: `b.new.${Math.random().toString(36).slice(2, 8)}`, displayName: `${MARK}新账号`, password: "b-new-password-1", gridId: w.bDisposal }), admin: 201 },
  "GET /api/v1/users/export.csv": { kind: "read" },
  "GET /api/v1/users/{id}": { kind: "read" },
  "PATCH /api/v1/users/{id}": { kind: "write", body: async (w, admin) => ({ version: await version(admin, `/api/v1/users/${w.bUser}`), displayName: `${MARK}账号改` }) },
  "POST /api/v1/users/{id}/status": { kind: "write", body: async (w, admin) => ({ version: await version(admin, `/api/v1/users/${w.bUser}`), status: "active" }) },
  "POST /api/v1/users/{id}/password": { kind: "write", body: () => ({ password: "b-reset-password-1" }), admin: 204 },
  "GET /api/v1/users/{id}/personal-data": { kind: "read" },
  "GET /api/v1/roles": { kind: "read" },
  "POST /api/v1/roles": { kind: "config", body: () => ({ code: `r${Math.random().toString(36).slice(2, 8)}`, nameZh: "矩阵角色", nameEn: "Matrix role", permissions: ["grids.read"] }) },
  "PATCH /api/v1/roles/{id}": { kind: "config", path: () => "/api/v1/roles/{role}", body: () => ({}) },
  "DELETE /api/v1/roles/{id}": { kind: "config", path: () => "/api/v1/roles/{role}" },
  "GET /api/v1/audit": { kind: "read" },
  "GET /api/v1/api-keys": { kind: "read" },
  "POST /api/v1/api-keys": { kind: "config", body: (w) => ({ name: "矩阵密钥", permissions: ["cases.read"], scope: "subtree", gridId: w.bDisposal }) },
  "DELETE /api/v1/api-keys/{id}": { kind: "config", path: () => "/api/v1/api-keys/{apiKey}" },

  "GET /api/v1/grids": { kind: "read" },
  "GET /api/v1/grids/summary": { kind: "read" },
  "GET /api/v1/grids/locate": { kind: "read", path: (w) => `/api/v1/grids/locate?lng=${w.bPoint.lng}&lat=${w.bPoint.lat}` },
  "GET /api/v1/grids/map.geojson": { kind: "read" },
  "GET /api/v1/public/grids/map.geojson": { kind: "public" },
  "GET /api/v1/grids/topology": { kind: "read" },
  "GET /api/v1/grids/export.geojson": { kind: "read" },
  "GET /api/v1/grids/export.xlsx": { kind: "read" },
  // Imports check every feature's grid against the caller's scope: a 华美 grid renamed is refused whole.
  "POST /api/v1/grids/import": {
    kind: "write",
    body: async (w, admin) => {
      const all = (await admin.request("GET", "/api/v1/grids/export.geojson")).json() as { type: string; features: { properties: { code: string; name: string } }[] };
      const feature = all.features.find((f) => f.properties.code === w.bMicroCode)!;
      return { type: "FeatureCollection", features: [{ ...feature, properties: { ...feature.properties, name: `${feature.properties.name}（矩阵）` } }] };
    },
  },
  "POST /api/v1/grids/import.xlsx": { kind: "write", admin: 0 },
  "GET /api/v1/grids/{id}": { kind: "read", path: (w) => `/api/v1/grids/${w.bMicro}` },
  "PATCH /api/v1/grids/{id}": { kind: "write", path: (w) => `/api/v1/grids/${w.bMicro}`, body: async (w, admin) => ({ version: await version(admin, `/api/v1/grids/${w.bMicro}`), contactName: "矩阵联系人" }) },

  "GET /api/v1/people": { kind: "read" },
  "POST /api/v1/people": { kind: "write", body: (w) => ({ name: `${MARK}新人员`, gridId: w.bMicro, phone: "13912349999" }), admin: 201 },
  "GET /api/v1/people/export.xlsx": { kind: "read" },
  "GET /api/v1/people/{id}": { kind: "read" },
  "PATCH /api/v1/people/{id}": { kind: "write", body: async (w, admin) => ({ version: await version(admin, `/api/v1/people/${w.bPerson}`), note: "矩阵备注" }) },
  "GET /api/v1/people/{id}/personal-data": { kind: "read" },
  "GET /api/v1/staff-assignments": { kind: "read" },
  "POST /api/v1/staff-assignments": { kind: "write", body: (w) => ({ gridId: w.bMicro, personId: w.bPerson, post: "community_police", fromDate: "2026-11-01" }), admin: 201 },
  "GET /api/v1/staff-assignments/export.xlsx": { kind: "read" },
  "POST /api/v1/staff-assignments/{id}/end": { kind: "write", path: (w) => `/api/v1/staff-assignments/${w.bAssignment}/end`, body: () => ({ version: 1, toDate: "2026-11-27" }) },
  "GET /api/v1/party-orgs": { kind: "read" },
  "POST /api/v1/party-orgs": { kind: "write", body: (w) => ({ gridId: w.bMicro, name: `${MARK}新支部`, kind: "community_branch" }), admin: 0 },
  "GET /api/v1/party-orgs/tree": { kind: "read" },
  "GET /api/v1/party-orgs/consistency": { kind: "read" },
  "GET /api/v1/party-orgs/export.xlsx": { kind: "read" },
  "GET /api/v1/party-orgs/{id}": { kind: "read", path: (w) => `/api/v1/party-orgs/${w.bOrg}` },
  "PATCH /api/v1/party-orgs/{id}": { kind: "write", path: (w) => `/api/v1/party-orgs/${w.bOrg}`, body: async (w, admin) => ({ version: await version(admin, `/api/v1/party-orgs/${w.bOrg}`), note: "矩阵备注" }) },
  // The reported leak: an admin of 爱博片区 added a person of 华美片区 to an 爱博 organisation.
  "POST /api/v1/party-orgs/{id}/memberships": { kind: "write", path: (w) => `/api/v1/party-orgs/${w.aOrg}/memberships`, body: (w) => ({ personId: w.bPerson, role: "member", fromDate: "2026-11-01" }), admin: 201 },
  "POST /api/v1/party-memberships/{id}/end": { kind: "write", path: (w) => `/api/v1/party-memberships/${w.bMembership}/end`, body: () => ({ version: 1, toDate: "2026-11-27" }) },
  "GET /api/v1/units": { kind: "read" },
  "POST /api/v1/units": { kind: "write", body: (w) => ({ name: `${MARK}新单位`, kind: "enterprise", gridId: w.bMicro }), admin: 201 },
  "GET /api/v1/units/export.xlsx": { kind: "read" },
  "GET /api/v1/units/{id}": { kind: "read" },
  "PATCH /api/v1/units/{id}": { kind: "write", body: async (w, admin) => ({ version: await version(admin, `/api/v1/units/${w.bUnit}`), note: "矩阵备注" }) },
  "GET /api/v1/units/{id}/personal-data": { kind: "read" },

  "GET /api/v1/settings/time": { kind: "read" },
  "PUT /api/v1/settings/reference-date": { kind: "config", body: () => ({ referenceDate: "2021-10-31" }) },
  "GET /api/v1/settings/map": { kind: "read" },
  "GET /api/v1/public/settings/map": { kind: "public" },
  "GET /api/v1/case-categories": { kind: "read" },
  "POST /api/v1/case-categories": { kind: "config", body: () => ({ code: "99", name: "矩阵大类" }) },
  "PATCH /api/v1/case-categories/{id}": { kind: "config", path: (w) => `/api/v1/case-categories/${w.categoryId}`, body: async (w, admin) => ({ version: (((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; version: number }[] }).items.find((c) => c.id === w.categoryId)!).version, position: 7 }) },
  "GET /api/v1/work-calendar": { kind: "read" },
  "PUT /api/v1/work-calendar/{date}": { kind: "config", path: () => "/api/v1/work-calendar/2026-12-31", body: () => ({ kind: "holiday", name: "矩阵假日" }) },
  "DELETE /api/v1/work-calendar/{date}": { kind: "config", path: () => "/api/v1/work-calendar/2026-10-01" },
  "POST /api/v1/case-photos": { kind: "self" },
  "GET /api/v1/case-photos/{id}": { kind: "read", path: (w) => `/api/v1/case-photos/${w.bPhoto}` },
  // Staff report a problem wherever they see it and follow what they reported (ADR 0013).
  "POST /api/v1/cases": { kind: "write", body: (w) => ({ channel: "staff_proxy", categoryId: w.categoryId, description: `${MARK}矩阵上报`, location: { ...w.bPoint, crs: "wgs84" } }), anywhere: true, admin: 201 },
  "GET /api/v1/cases": { kind: "read" },
  "GET /api/v1/cases/export.xlsx": { kind: "read" },
  "GET /api/v1/cases/map.geojson": { kind: "read" },
  "GET /api/v1/cases/duplicates": { kind: "read", path: (w) => `/api/v1/cases/duplicates?categoryId=${w.categoryId}&lng=${w.bPoint.lng}&lat=${w.bPoint.lat}&crs=wgs84` },
  "POST /api/v1/cases/import-12345.xlsx": { kind: "write", admin: 0 },
  "POST /api/v1/cases/batch-transitions": { kind: "write", body: async (w, admin) => ({ action: "supervise", note: "矩阵督办", items: [{ id: w.bCase, version: await version(admin, `/api/v1/cases/${w.bCase}`) }] }), admin: 200, callersScopeOnly: true },
  "GET /api/v1/cases/floods": { kind: "read", path: () => "/api/v1/cases/floods?from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00&minCount=2" },
  "POST /api/v1/cases/floods/void": {
    kind: "write",
    body: () => ({ kind: "address", source: "0".repeat(64), from: "2026-11-01T00:00:00+08:00", to: "2026-12-01T00:00:00+08:00", reason: "矩阵作废", expectedCount: 1 }),
    admin: 0,
    callersScopeOnly: true,
  },
  "GET /api/v1/cases/{id}": { kind: "read" },
  "POST /api/v1/cases/{id}/transitions": { kind: "write", body: async (w, admin) => ({ version: await version(admin, `/api/v1/cases/${w.bCase}`), action: "comment", note: "矩阵备注" }), admin: 200 },
  "GET /api/v1/cases/{id}/reporter": { kind: "read" },
  "GET /api/v1/inbox": { kind: "read" },
  "GET /api/v1/public/case-categories": { kind: "public" },
  "POST /api/v1/public/case-photos": { kind: "public" },
  "POST /api/v1/public/cases": { kind: "public" },
  "GET /api/v1/public/cases/track": { kind: "public" },
  "POST /api/v1/public/cases/rate": { kind: "public" },
  "POST /api/v1/public/cases/reopen": { kind: "public" },
  "GET /api/v1/public/case-photos/{id}": { kind: "public" },
  "GET /api/v1/evaluation": { kind: "read" },
  "GET /api/v1/evaluation/cases": { kind: "read" },
  "GET /api/v1/evaluation/export.xlsx": { kind: "read" },
  "GET /api/v1/notifications": { kind: "self" },
  "POST /api/v1/notifications/{id}/read": { kind: "write", path: (w) => `/api/v1/notifications/${w.bNotification}/read`, body: () => ({}), admin: 0 },
  "POST /api/v1/notifications/read-all": { kind: "self" },
};

/** 华美片区's record a route's `{id}` names, by the route's collection. */
function defaultPath(route: string, w: World): string {
  const ids: Record<string, string> = { users: w.bUser, people: w.bPerson, units: w.bUnit, cases: w.bCase, grids: w.bMicro, "party-orgs": w.bOrg };
  const collection = /^\/api\/v1\/([a-z-]+)\//.exec(route)?.[1] ?? "";
  return route.replace("{id}", ids[collection] ?? "{id}");
}

let t: TestApp;
let admin: Session;
let world: World;
let operations: string[];
const actors: Record<string, (method: string, url: string, body?: unknown) => ReturnType<Session["request"]>> = {};
const extra: Record<string, string> = {};

/** Every table's row count and version sum, and the audit log's last entry: what a write would move. */
async function fingerprint(): Promise<Record<string, string>> {
  const db = t.app.deps.database;
  const tables = await db.query<{ table_name: string; has_version: boolean }>(
    `select table_name, bool_or(column_name = 'version') as has_version from information_schema.columns
      where table_schema = 'public' and table_name not in ('sessions', 'rate_limits', 'change_versions')
      group by table_name order by table_name`,
  );
  const parts = tables.map((r) => `select '${r.table_name}' as t, count(*)::text ${r.has_version ? `|| '/' || coalesce(sum(version), 0)::text` : ""} as v from "${r.table_name}"`);
  const rows = await db.query<{ t: string; v: string }>(parts.join(" union all "));
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

/** The marker strings of 华美片区's records that no answer to a scoped actor may carry. */
function leaks(body: string): string[] {
  return [MARK, ...PHONES].filter((m) => body.includes(m));
}

const fill = (url: string) => url.replace("{role}", extra.role!).replace("{apiKey}", extra.apiKey!).replace("{format}", "json");

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const { grid, role, grids } = await seeded(admin);
  const microOf = (disposal: string) => {
    const autonomous = grids.find((g) => g.parentId === grid(disposal))!;
    return grids.find((g) => g.parentId === autonomous.id)!.id;
  };
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 201) => {
    const r = await res;
    if (r.statusCode !== status) throw new Error(`setup: ${r.statusCode} ${r.body}`);
    return r.json() as { id: string; version: number; secret?: string };
  };
  const bDisposal = grid("华美片区");
  const aDisposal = grid("爱博片区");
  const bMicro = microOf("华美片区");
  const aMicro = microOf("爱博片区");
  const bGrid = (await admin.request("GET", `/api/v1/grids/${bMicro}`)).json() as { centroid: { lng: number; lat: number } };
  const orgOf = async (gridId: string) => (await admin.request("GET", `/api/v1/party-orgs?gridId=${gridId}&limit=1`)).json().items[0].id as string;
  const bOrg = await orgOf(bMicro);
  const aOrg = await orgOf(aMicro);
  await ok(admin.request("PATCH", `/api/v1/party-orgs/${bOrg}`, { version: await version(admin, `/api/v1/party-orgs/${bOrg}`), name: `${MARK}党支部` }), 200);
  const bPerson = (await ok(admin.request("POST", "/api/v1/people", { name: `${MARK}人员`, phone: PHONES[0], gridId: bMicro, isPartyMember: true }))).id;
  const bUnit = (await ok(admin.request("POST", "/api/v1/units", { name: `${MARK}单位`, kind: "enterprise", gridId: bMicro, contacts: [{ name: `${MARK}联系人`, phone: PHONES[1] }] }))).id;
  const bUser = (await ok(admin.request("POST", "/api/v1/users", { username: "b.matrix", displayName: `${MARK}账号`, password: "b-matrix-pass-1", phone: PHONES[2], gridId: bDisposal }))).id;
  const categories = (await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] };
  const categoryId = categories.items.find((c) => c.code === "0104")!.id;
  const photo = await t.app.inject({ method: "POST", url: "/api/v1/case-photos", cookies: { caihong_sid: admin.cookie }, headers: { "x-csrf-token": admin.csrf, "content-type": "image/png" }, payload: PNG });
  const bPhoto = (photo.json() as { id: string }).id;
  const bCase = (
    await ok(
      admin.request("POST", "/api/v1/cases", {
        channel: "hotline",
        categoryId,
        description: `${MARK}案件：路面油污`,
        location: { ...bGrid.centroid, crs: "wgs84" },
        reporter: { name: `${MARK}市民`, phone: PHONES[3] },
        photoIds: bPhoto ? [bPhoto] : [],
      }),
    )
  ).id;
  const bAssignment = (await ok(admin.request("POST", "/api/v1/staff-assignments", { gridId: bMicro, personId: bPerson, post: "grid_worker", fromDate: "2026-10-01" }))).id;
  const bMembership = (await ok(admin.request("POST", `/api/v1/party-orgs/${bOrg}/memberships`, { personId: bPerson, role: "member", fromDate: "2026-10-01" }))).id;
  // A notification of the 华美 account (written as the case clock's senders write them).
  const [note] = await t.app.deps.database.query<{ id: string }>(
    `insert into notifications (tenant_id, user_id, kind, case_id, subject_label, title, body, created_at)
     values ('xinhong', $1, 'case.dispatched', $2, $3, '{"zh-CN":"乙标记派单","en":"Dispatched"}', '{"zh-CN":"乙标记","en":"x"}', now()) returning id`,
    [bUser, bCase, `${MARK}案件`],
  );
  const bNotification = note!.id;
  world = { bDisposal, bMicro, bMicroCode: grids.find((g) => g.id === bMicro)!.code, aDisposal, aMicro, aOrg, bOrg, bPerson, bUnit, bUser, bCase, bAssignment, bMembership, bPhoto, bNotification, categoryId, bPoint: bGrid.centroid };
  extra.role = (await ok(admin.request("POST", "/api/v1/roles", { code: "matrix_target", nameZh: "矩阵目标角色", nameEn: "Matrix target", permissions: ["grids.read"] }))).id;
  extra.apiKey = (await ok(admin.request("POST", "/api/v1/api-keys", { name: "矩阵目标密钥", permissions: ["cases.read"], scope: "all" }))).id;

  // The actors, all scoped to 爱博片区.
  const areaAdminRole = (await ok(admin.request("POST", "/api/v1/roles", { code: "area_admin", nameZh: "片区管理员", nameEn: "Area admin", permissions: [...PERMISSIONS] }))).id;
  const sessions: Record<string, Session> = {
    areaAdmin: await createUserAndLogin(admin, t.app, { username: "a.area.admin", gridId: aDisposal, roles: [{ roleId: areaAdminRole, scope: "subtree", gridId: aDisposal }] }),
    gridHead: await createUserAndLogin(admin, t.app, { username: "a.grid.head", gridId: aDisposal, roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: aDisposal }] }),
    gridWorker: await createUserAndLogin(admin, t.app, { username: "a.grid.worker", gridId: aMicro, roles: [{ roleId: role("grid_worker"), scope: "grid", gridId: aMicro }] }),
    resident: await createUserAndLogin(admin, t.app, { username: "a.resident", roles: [{ roleId: role("resident"), scope: "own" }] }),
  };
  for (const [name, s] of Object.entries(sessions)) actors[name] = (method, url, body) => s.request(method, url, body);
  const key = await ok(admin.request("POST", "/api/v1/api-keys", { name: "爱博片区集成", permissions: [...PERMISSIONS].filter((p) => p !== "apikeys.manage"), scope: "subtree", gridId: aDisposal }));
  actors.apiKey = (method, url, body) =>
    t.app.inject({ method: method as "GET", url, headers: { authorization: `Bearer ${key.secret}` }, ...(body === undefined ? {} : { payload: body as object }) });

  const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json() as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
}, 120_000);
afterAll(async () => t?.close());

/** The smallest PNG: one transparent pixel. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("the scope matrix over the route table", () => {
  it("knows every operation of the OpenAPI document, and nothing that is not one", () => {
    expect(operations.filter((op) => !(op in OPERATIONS)), "operations missing from OPERATIONS").toEqual([]);
    expect(Object.keys(OPERATIONS).filter((op) => !operations.includes(op)), "OPERATIONS that are not routes").toEqual([]);
  });

  it("the sub-district admin reads each of 华美片区's records by id (the fixtures are real)", async () => {
    const failures: string[] = [];
    for (const [op, def] of Object.entries(OPERATIONS)) {
      if (def.kind !== "read" || !op.includes("{")) continue;
      const url = fill(def.path ? def.path(world) : defaultPath(op.slice(op.indexOf(" ") + 1), world));
      const res = await admin.request("GET", url);
      if (res.statusCode !== (def.admin ?? 200)) failures.push(`${op} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("no read answers a scoped actor with a record of 华美片区 or a 5xx, with or without gridId of 华美片区", async () => {
    const failures: string[] = [];
    for (const [op, def] of Object.entries(OPERATIONS)) {
      if (def.kind !== "read") continue;
      const base = fill(def.path ? def.path(world) : defaultPath(op.slice(op.indexOf(" ") + 1), world));
      const urls = [base, `${base}${base.includes("?") ? "&" : "?"}gridId=${world.bDisposal}`];
      for (const [name, call] of Object.entries(actors)) {
        for (const url of urls) {
          const res = await call("GET", url);
          const found = res.statusCode < 300 ? leaks(res.body) : [];
          if (res.statusCode >= 500 || found.length > 0) failures.push(`${name} GET ${url} → ${res.statusCode}${found.length ? ` leaks ${found.join(", ")}` : ""}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("no write aimed at 华美片区 by a scoped actor changes anything or answers 5xx; the sub-district admin's same write succeeds", async () => {
    const failures: string[] = [];
    for (const [op, def] of Object.entries(OPERATIONS)) {
      if (def.kind !== "write" && def.kind !== "config") continue;
      const method = op.slice(0, op.indexOf(" "));
      const url = fill(def.path ? def.path(world) : defaultPath(op.slice(op.indexOf(" ") + 1), world));
      for (const [name, call] of Object.entries(actors)) {
        const before = await fingerprint();
        const body = def.body ? await def.body(world, admin) : method === "DELETE" ? undefined : {};
        const res = await call(method, url, body);
        if (res.statusCode >= 500) failures.push(`${name} ${method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (def.kind === "write" && def.anywhere) continue;
        const after = await fingerprint();
        const moved = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (moved.length > 0) failures.push(`${name} ${method} ${url} → ${res.statusCode} wrote ${moved.join(", ")}`);
        if (res.statusCode < 300 && !(def.kind === "write" && def.callersScopeOnly)) failures.push(`${name} ${method} ${url} → ${res.statusCode}, expected a refusal`);
      }
      const expected = def.kind === "write" ? (def.admin ?? 200) : 0;
      if (expected > 0 && method !== "DELETE") {
        const res = await admin.request(method, url, def.body ? await def.body(world, admin) : {});
        if (res.statusCode !== expected) failures.push(`admin ${method} ${url} → ${res.statusCode} (expected ${expected}) ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
