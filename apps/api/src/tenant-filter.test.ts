import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "./lib/principal";
import { rebuildEvaluationRollups } from "./modules/cases";
import { ADMIN_PASSWORD, backend, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "./test/harness";

/**
 * Every statement a realistic run sends that reads or writes a table with a `tenant_id` column
 * names that table's tenant_id (in WHERE, ON, the INSERT's columns or a USING/lateral condition),
 * so under Citus, with every table distributed by tenant_id, each is a single-shard query
 * (docs/scaling.md). The statements are captured at the driver (pg's Client.query, PGlite's
 * query/exec and its transactions' handles), while the main flows run through the API: sign in,
 * every GET of the OpenAPI document (lists, details, exports, evaluation, Open311), a case from
 * intake to follow-up, other steps, people, units, party organisations, grids, users, roles, keys,
 * the calendar, Open311 POSTs, the public report, the case clock and the rollup rebuild.
 *
 * The check reads each statement loosely but honestly: string literals and comments dropped, quotes
 * removed, then every `FROM|JOIN|UPDATE|INTO <table> [alias]` naming a table that has tenant_id
 * (from information_schema) must be matched by `<alias or table>.tenant_id`, an INSERT column
 * list holding tenant_id, or — when the statement names only one such table — a bare tenant_id.
 * What it allows otherwise is listed in ALLOWED with a reason; anything else fails.
 */

/** Statements allowed to touch a tenant table without naming tenant_id, each with its reason. */
const ALLOWED: { pattern: RegExp; reason: string }[] = [
  // A table lock is not a query: under Citus it is taken on every shard of the table, which is what
  // the rebuild wants (steps of the same tenant wait at their rollup statement meanwhile).
  { pattern: /^lock table case_rollups in share row exclusive mode$/, reason: "table lock before the rollup rebuild (every shard, by design)" },
];

const captured: { text: string }[] = [];
let capturing = false;
const record = (text: unknown) => {
  if (!capturing) return;
  const s = typeof text === "string" ? text : typeof text === "object" && text !== null && "text" in text ? String((text as { text: unknown }).text) : null;
  if (s) captured.push({ text: s });
};

// PostgreSQL: every client of this process (the pool's, the listener's) goes through Client.query.
const originalPgQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  record(args[0]);
  return (originalPgQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

type PgliteLike = {
  query: (...a: unknown[]) => Promise<unknown>;
  exec: (...a: unknown[]) => Promise<unknown>;
  transaction: (cb: (tx: { query: (...a: unknown[]) => Promise<unknown>; exec: (...a: unknown[]) => Promise<unknown> }) => Promise<unknown>) => Promise<unknown>;
};

/** PGlite: the one instance behind the app's handle (drizzle's `$client`), its transactions' handles too. */
function capturePglite(client: PgliteLike) {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = (...a) => (record(a[0]), query(...a));
  client.exec = (...a) => (record(a[0]), exec(...a));
  client.transaction = (cb) =>
    transaction((tx) => {
      const tq = tx.query.bind(tx);
      const te = tx.exec.bind(tx);
      tx.query = (...a) => (record(a[0]), tq(...a));
      tx.exec = (...a) => (record(a[0]), te(...a));
      return cb(tx);
    });
}

/** The statement as the check reads it: no comments, no string literals, no quotes, lower case, one space. */
function normalize(text: string): string {
  return text
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

const NOT_ALIAS = new Set(
  "where on left right inner outer full cross join set group order limit offset values select using returning natural union having for window lateral default as on conflict do with except intersect".split(" "),
);

/** Tenant tables a statement reads or writes without naming their tenant_id ([] when it is fine). */
function unfiltered(statement: string, tenantTables: ReadonlySet<string>): string[] {
  const s = normalize(statement);
  const refs: { kind: string; table: string; alias: string | null; at: number }[] = [];
  for (const m of s.matchAll(/\b(from|join|update|into)\s+(?:only\s+)?([a-z_][a-z0-9_]*)(?![.\w(])(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?/g)) {
    const table = m[2]!;
    if (!tenantTables.has(table)) continue;
    const alias = m[3] && !NOT_ALIAS.has(m[3]) ? m[3] : null;
    refs.push({ kind: m[1]!, table, alias, at: m.index });
  }
  // A mention in a condition, not in a select list: `x.tenant_id =`, `x.tenant_id in`, `= x.tenant_id`.
  const predicates = (column: string) => s.match(new RegExp(`(\\b${column}\\s*(=|in\\b))|(=\\s*${column}\\b)`, "g"))?.length ?? 0;
  const bare = predicates("(?<![.\\w])tenant_id");
  const distinct = new Set(refs.map((r) => r.table));
  // Each reference needs a condition of its own: a name used twice (a table and its subquery)
  // needs two conditions on name.tenant_id.
  const uses = new Map<string, number>();
  for (const r of refs) uses.set(r.alias ?? r.table, (uses.get(r.alias ?? r.table) ?? 0) + 1);
  // And the statement is pinned to one tenant: a tenant_id compared with a parameter or a literal,
  // or an INSERT naming tenant_id among its columns (a join on tenant_id alone spans every shard).
  const insertsTenant = (r: (typeof refs)[number]) => r.kind === "into" && !!new RegExp(`^into ${r.table} (?:as [a-z_]+ )?\\(([^)]*)\\)`).exec(s.slice(r.at))?.[1]?.split(",").some((c) => c.trim() === "tenant_id");
  const pinned = /tenant_id\s*(=|in)\s*\(?\s*(\$\d+|'')/.test(s) || /(\$\d+|'')(::\w+)?\s*=\s*[\w.]*tenant_id\b/.test(s) || refs.some(insertsTenant);
  if (refs.length > 0 && !pinned) return refs.map((r) => `${r.table}${r.alias ? ` ${r.alias}` : ""} (no tenant given)`);
  return refs
    .filter((r) => {
      const name = r.alias ?? r.table;
      if (predicates(`${name}\\.tenant_id`) >= uses.get(name)!) return false;
      if (insertsTenant(r)) return false;
      if (bare >= refs.length && distinct.size === 1 && !r.alias) return false;
      return true;
    })
    .map((r) => r.table + (r.alias ? ` ${r.alias}` : ""));
}

let t: TestApp;
let tenantTables: Set<string>;
const failures: string[] = [];
const statuses: string[] = [];

/** Runs the main flows through the API, capturing every statement. */
async function realisticRun() {
  const call = async (s: Session | null, method: string, url: string, body?: unknown, headers?: Record<string, string>) => {
    const res = s ? await s.request(method, url, body, headers) : await t.app.inject({ method: method as "GET", url, headers, ...(body === undefined ? {} : { payload: body as string }) });
    if (res.statusCode >= 500) statuses.push(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res;
  };
  const ok = async (p: ReturnType<typeof call>, status = 200) => {
    const res = await p;
    if (res.statusCode !== status) throw new Error(`flow step: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json() as Record<string, unknown> & { id: string; version: number };
  };

  capturing = true;
  const admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const ids = await seeded(admin);
  const micro = ids.grids.find((g) => g.level === 4)!;
  const disposal = ids.grids.find((g) => g.level === 2)!;
  const centroid = ((await ok(call(admin, "GET", `/api/v1/grids/${micro.id}`))) as unknown as { centroid: { lng: number; lat: number } }).centroid;
  const categories = (await ok(call(admin, "GET", "/api/v1/case-categories"))).items as { id: string; code: string; level: number; version: number; fields: { required: boolean }[] }[];
  const category = categories.find((c) => c.level === 2 && !c.fields.some((f) => f.required))!;
  const units = (await ok(call(admin, "GET", "/api/v1/units?limit=2"))).items as { id: string }[];

  // Accounts: a handler and a resident (user create, role assignment, password change, sign in).
  const handler = await createUserAndLogin(admin, t.app, { username: "tf-handler", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: disposal.id }] });
  const resident = await createUserAndLogin(admin, t.app, { username: "tf-resident", roles: [{ roleId: ids.role("resident"), scope: "own" }] });

  // A case from intake to follow-up, with a photo, an extension and a rework.
  const jpeg = await sharp({ create: { width: 16, height: 12, channels: 3, background: "#a33" } }).jpeg().toBuffer();
  const photo = await ok(call(admin, "POST", "/api/v1/case-photos", jpeg, { "content-type": "image/jpeg" }), 201);
  const c1 = await ok(call(admin, "POST", "/api/v1/cases", { channel: "hotline", categoryId: category.id, description: "租户过滤测试：路面破损", location: { ...centroid, crs: "wgs84" }, reporter: { name: "测试", phone: "13800138000" }, photoIds: [photo.id] }, { "idempotency-key": "tf-intake-1" }), 201);
  const step = async (s: Session, id: string, body: Record<string, unknown>) => {
    const current = await ok(call(s, "GET", `/api/v1/cases/${id}`));
    return ok(call(s, "POST", `/api/v1/cases/${id}/transitions`, { version: current.version, ...body }));
  };
  await step(admin, c1.id, { action: "file" });
  await step(admin, c1.id, { action: "dispatch", assignee: { userId: handler.userId, unitId: units[0]!.id } });
  await step(handler, c1.id, { action: "acknowledge" });
  const due = (await ok(call(handler, "GET", `/api/v1/cases/${c1.id}`))).handleDueAt as string;
  const later = new Date(new Date(due).getTime() + 86_400_000).toISOString();
  await step(handler, c1.id, { action: "request_extension", reason: "需要协调", dueAt: later });
  await step(admin, c1.id, { action: "approve_extension", dueAt: later });
  await step(handler, c1.id, { action: "handle", note: "已修复" });
  await step(admin, c1.id, { action: "rework", reason: "仍有坑洼" });
  t.clock.advance(3_600_000);
  await step(handler, c1.id, { action: "handle", note: "已全部修复" });
  await step(admin, c1.id, { action: "verify" });
  await step(admin, c1.id, { action: "close" });
  await step(admin, c1.id, { action: "follow_up", satisfaction: "satisfied" });
  await step(admin, c1.id, { action: "comment", note: "回访完成" });
  // A resident's report, rated and reopened; a duplicate merged; one voided; a batch step.
  const c2 = await ok(call(resident, "POST", "/api/v1/cases", { categoryId: category.id, description: "租户过滤测试：垃圾堆放", location: { ...centroid, crs: "wgs84" } }), 201);
  await step(admin, c2.id, { action: "file" });
  await step(admin, c2.id, { action: "dispatch", assignee: { userId: handler.userId } });
  await step(handler, c2.id, { action: "acknowledge" });
  await step(handler, c2.id, { action: "handle", note: "已清运" });
  await step(admin, c2.id, { action: "verify" });
  await step(admin, c2.id, { action: "close" });
  await step(resident, c2.id, { action: "rate", satisfaction: "dissatisfied" });
  await step(resident, c2.id, { action: "reopen", reason: "又有了" });
  const c3 = await ok(call(admin, "POST", "/api/v1/cases", { categoryId: category.id, description: "租户过滤测试：同一问题", location: { ...centroid, crs: "wgs84" } }), 201);
  await step(admin, c3.id, { action: "merge", mainCaseId: c1.id });
  const c4 = await ok(call(admin, "POST", "/api/v1/cases", { categoryId: category.id, description: "租户过滤测试：不受理", location: { ...centroid, crs: "wgs84" } }), 201);
  await step(admin, c4.id, { action: "void", reason: "不属于受理范围" });
  const c5 = await ok(call(admin, "POST", "/api/v1/cases", { categoryId: category.id, description: "租户过滤测试：批量", gridId: micro.id, gridOverrideReason: "指定网格" }), 201);
  await call(admin, "POST", "/api/v1/cases/batch-transitions", { action: "file", items: [{ id: c5.id, version: c5.version }] });
  await step(admin, c5.id, { action: "dispatch", assignee: { unitId: units[1]!.id } });
  // The public report and tracking, Open311 (an API key's report and an update request).
  const pub = await call(null, "POST", "/api/v1/public/cases", JSON.stringify({ categoryId: category.id, description: "租户过滤测试：公众上报", location: { ...centroid, crs: "wgs84" } }), { "content-type": "application/json" });
  if (pub.statusCode === 201) {
    const p = pub.json() as { number: string; trackingCode: string };
    await call(null, "GET", `/api/v1/public/cases/track?number=${p.number}&code=${p.trackingCode}`);
  }
  const key = await ok(call(admin, "POST", "/api/v1/api-keys", { name: "租户过滤 Open311", permissions: ["cases.report", "cases.read"], scope: "all" }), 201);
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const o311 = await call(null, "POST", "/open311/v2/requests.json", new URLSearchParams({ api_key: String(key.secret), service_code: category.code, lat: String(centroid.lat), long: String(centroid.lng), description: "租户过滤测试：Open311" }).toString(), form);
  await call(null, "POST", "/open311/v2/servicerequestupdates.json", new URLSearchParams({ api_key: String(key.secret), service_request_id: "none", description: "x" }).toString(), form);
  const o311Id = o311.statusCode === 201 || o311.statusCode === 200 ? ((o311.json() as { service_request_id?: string }[])[0]?.service_request_id ?? null) : null;
  if (o311Id) await call(null, "GET", `/open311/v2/requests/${o311Id}.json`);
  await call({ ...admin, request: (m, u, b, h) => t.app.inject({ method: m as "GET", url: u, headers: { authorization: `Bearer ${String(key.secret)}`, ...h }, ...(b === undefined ? {} : { payload: b as object }) }) }, "GET", "/api/v1/cases?limit=5");

  // The party network, people, units, grids, users, roles, the calendar, settings.
  const person = await ok(call(admin, "POST", "/api/v1/people", { name: "租户过滤人员", phone: "13912340009", gridId: micro.id, isPartyMember: true }), 201);
  await ok(call(admin, "PATCH", `/api/v1/people/${person.id}`, { version: person.version, note: "备注" }));
  const org = ((await ok(call(admin, "GET", `/api/v1/party-orgs?gridId=${micro.id}&limit=1`))).items as { id: string }[])[0]!;
  const orgVersion = (await ok(call(admin, "GET", `/api/v1/party-orgs/${org.id}`))).version;
  await ok(call(admin, "PATCH", `/api/v1/party-orgs/${org.id}`, { version: orgVersion, note: "租户过滤" }));
  const membership = await ok(call(admin, "POST", `/api/v1/party-orgs/${org.id}/memberships`, { personId: person.id, role: "member", fromDate: "2026-11-01" }), 201);
  await call(admin, "POST", `/api/v1/party-memberships/${membership.id}/end`, { version: membership.version, toDate: "2026-11-27" });
  const post = await ok(call(admin, "POST", "/api/v1/staff-assignments", { gridId: micro.id, personId: person.id, post: "grid_worker", fromDate: "2026-10-01" }), 201);
  await call(admin, "POST", `/api/v1/staff-assignments/${post.id}/end`, { version: post.version, toDate: "2026-11-27" });
  const unit = await ok(call(admin, "POST", "/api/v1/units", { name: "租户过滤单位", kind: "enterprise", gridId: micro.id, contacts: [{ name: "联系人", phone: "13912340008" }] }), 201);
  await ok(call(admin, "PATCH", `/api/v1/units/${unit.id}`, { version: unit.version, note: "备注" }));
  const gridVersion = (await ok(call(admin, "GET", `/api/v1/grids/${micro.id}`))).version;
  await ok(call(admin, "PATCH", `/api/v1/grids/${micro.id}`, { version: gridVersion, contactName: "租户过滤联系人" }));
  const user = await ok(call(admin, "POST", "/api/v1/users", { username: "tf.user", displayName: "租户过滤账号", password: "tf-user-password-1", gridId: disposal.id }), 201);
  await ok(call(admin, "PATCH", `/api/v1/users/${user.id}`, { version: user.version, displayName: "租户过滤账号改" }));
  const role = await ok(call(admin, "POST", "/api/v1/roles", { code: "tf_role", nameZh: "租户过滤角色", nameEn: "Tenant filter role", permissions: ["grids.read"] }), 201);
  await call(admin, "DELETE", `/api/v1/roles/${role.id}`);
  await call(admin, "PATCH", `/api/v1/case-categories/${category.id}`, { version: category.version, position: 7 });
  await call(admin, "PUT", "/api/v1/work-calendar/2026-12-31", { kind: "holiday", name: "租户过滤假日" });
  await call(admin, "POST", "/api/v1/notifications/read-all", {});

  // Every GET of the OpenAPI document, with real ids and the queries the routes need.
  const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json() as { paths: Record<string, Record<string, unknown>> };
  const idOf: Record<string, string> = { users: user.id, people: person.id, units: unit.id, cases: c1.id, grids: micro.id, "party-orgs": org.id, "case-photos": photo.id };
  const queries: Record<string, string> = {
    "/api/v1/evaluation": "from=2026-11-01&to=2026-12-31&groupBy=grid&level=2",
    "/api/v1/evaluation/export.xlsx": "from=2026-11-01&to=2026-12-31&groupBy=unit",
    "/api/v1/evaluation/cases": "from=2026-11-01&to=2026-12-31&groupBy=category&metric=filingRate&part=numerator",
    "/api/v1/grids/locate": `lng=${centroid.lng}&lat=${centroid.lat}`,
    "/api/v1/cases/duplicates": `categoryId=${category.id}&lng=${centroid.lng}&lat=${centroid.lat}&crs=wgs84`,
    "/api/v1/cases/floods": "from=2026-11-01T00:00:00%2B08:00&to=2026-12-31T00:00:00%2B08:00&minCount=1",
    "/api/v1/cases": `q=${encodeURIComponent("租户")}&open=true&sla=overdue,normal&gridId=${disposal.id}&mine=false`,
    "/api/v1/audit": "limit=20",
    "/open311/v2/requests.{format}": "status=open",
  };
  const fill = (path: string) => {
    const collection = /^\/api\/v1\/([a-z-]+)\//.exec(path)?.[1] ?? "";
    return path
      .replace("{id}", idOf[collection] ?? c1.id)
      .replace("{format}", "json")
      .replace("{date}", "2026-12-31")
      .replace("/services/{file}", `/services/${category.code}.json`)
      .replace("/requests/{file}", `/requests/${o311Id ?? "none"}.json`)
      .replace("/tokens/{file}", "/tokens/none.json");
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!("get" in ops)) continue;
    const url = fill(path);
    const q = queries[path];
    const caller = path.startsWith("/api/v1/public") || path.startsWith("/open311") || path === "/healthz" || path === "/readyz" ? null : admin;
    await call(caller, "GET", q ? `${url}?${q}` : url);
    if (path.startsWith("/api/v1/cases") || path.startsWith("/api/v1/evaluation") || path === "/api/v1/inbox") await call(handler, "GET", q ? `${url}?${q}` : url);
  }
  await call(resident, "GET", "/api/v1/cases?reportedByMe=true");
  await call(admin, "GET", `/api/v1/cases?state=filed,dispatched&unitId=${units[0]!.id}&categoryId=${category.id}&from=2026-11-01&to=2026-12-31&sort=due_asc`);

  // The case clock a week later (warnings, escalations, the overdue mark, webhooks, photo sweep),
  // then the rollup rebuild and a sign-out.
  t.clock.advance(7 * 86_400_000);
  await t.app.caseClock.tick(t.clock.clock());
  await call(admin, "POST", "/api/v1/auth/logout", {});
  capturing = false;
}

beforeAll(async () => {
  t = await createTestApp({ sessionIdleMinutes: 30 * 24 * 60, sessionAbsoluteHours: 30 * 24 });
  const client = (t.app.deps.db as unknown as { $client: unknown }).$client;
  if (t.app.deps.database.kind === "pglite") capturePglite(client as PgliteLike);
  tenantTables = new Set(
    (await t.app.deps.database.query<{ table_name: string }>("select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1")).map((r) => r.table_name),
  );
  await realisticRun();
  // The rollup rebuild as the command line runs it (the caller's tenant).
  capturing = true;
  await rebuildEvaluationRollups(systemContext(t.app.deps, "cli"));
  capturing = false;
}, 240_000);
afterAll(async () => {
  pg.Client.prototype.query = originalPgQuery;
  await t?.close();
});

describe(`every statement on a tenant table filters by tenant_id (${backend})`, () => {
  it("reads the statements loosely but honestly", () => {
    const tables = new Set(["cases", "grids", "case_rollups", "users"]);
    expect(unfiltered(`select * from "cases" where "cases"."tenant_id" = $1`, tables)).toEqual([]);
    expect(unfiltered(`select * from cases c join grids g on g.id = c.grid_id where c.tenant_id = $1`, tables)).toEqual(["grids g"]);
    expect(unfiltered(`select * from cases c join grids g on g.tenant_id = c.tenant_id and g.id = c.grid_id where c.tenant_id = $1`, tables)).toEqual([]);
    expect(unfiltered(`select * from cases c join grids g on g.tenant_id = c.tenant_id and g.id = c.grid_id where c.id = $1`, tables)).toEqual(["cases c (no tenant given)", "grids g (no tenant given)"]);
    expect(unfiltered(`insert into "case_rollups" ("tenant_id", "dim") values ($1, $2)`, tables)).toEqual([]);
    expect(unfiltered(`update users set name = 'tenant_id' where id = $1`, tables)).toEqual(["users (no tenant given)"]);
    expect(unfiltered(`delete from case_rollups where tenant_id = $1`, tables)).toEqual([]);
    expect(unfiltered(`select extract(epoch from cases.reported_at) from tenants`, tables)).toEqual([]);
    // A tenant_id in the select list filters nothing; each use of a table needs its own condition.
    expect(unfiltered(`select cases.tenant_id, cases.id from cases where cases.id = $1`, tables)).toEqual(["cases (no tenant given)"]);
    expect(unfiltered(`select * from grids where grids.tenant_id = $1 and grids.parent_id in (select grids.id from grids where grids.code = $2)`, tables)).toEqual(["grids", "grids"]);
    expect(unfiltered(`select * from cases where tenant_id = $1 and id in (select case_id from cases where id = $2)`, tables)).toEqual(["cases", "cases"]);
    expect(unfiltered(`select * from cases where cases.tenant_id = $1 and cases.grid_id in (select g.id from grids g where g.path like $2)`, tables)).toEqual(["grids g"]);
  });

  it("captured a realistic run", () => {
    expect(statuses, "no flow answered 5xx").toEqual([]);
    expect(tenantTables.size).toBeGreaterThan(20);
    expect(tenantTables.has("tenants")).toBe(false);
    const touched = new Set(captured.flatMap((c) => [...normalize(c.text).matchAll(/\b(?:from|join|update|into) ([a-z_]+)/g)].map((m) => m[1]!)).filter((x) => tenantTables.has(x)));
    // The run reached the main tables of every module.
    for (const table of ["cases", "case_events", "case_rollups", "audit_log", "grids", "people", "units", "party_orgs", "users", "sessions", "notifications", "api_keys"]) {
      if (tenantTables.has(table)) expect(touched.has(table), `no statement touched ${table}`).toBe(true);
    }
    expect(captured.length).toBeGreaterThan(500);
  });

  it("names tenant_id for every tenant table each statement reads or writes", () => {
    const seen = new Map<string, string[]>();
    for (const { text } of captured) {
      const s = normalize(text);
      if (ALLOWED.some((a) => a.pattern.test(s))) continue;
      const missing = unfiltered(text, tenantTables);
      if (missing.length > 0 && !seen.has(s)) seen.set(s, missing);
    }
    failures.push(...[...seen].map(([s, missing]) => `${missing.join(", ")} ← ${s.slice(0, 400)}`));
    expect(failures, `${failures.length} statements do not filter by tenant_id`).toEqual([]);
    // The check is not vacuous: with their `tenant_id = $n` conditions taken out, the statements
    // that had one fail it.
    const pinnedByParameter = [...new Set(captured.map((c) => c.text))].filter((text) => /tenant_id"? = \$\d+/.test(text) && unfiltered(text, tenantTables).length === 0);
    const caught = pinnedByParameter.filter((text) => unfiltered(text.replace(/("?[a-z_]+"?\.)?"?tenant_id"? = \$\d+/g, "true"), tenantTables).length > 0);
    expect(pinnedByParameter.length).toBeGreaterThan(100);
    expect(caught.length / pinnedByParameter.length).toBeGreaterThan(0.95);
  });
});
