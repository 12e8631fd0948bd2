import fs from "node:fs";
import path from "node:path";
import { ZGridDetail, ZTopologyReport } from "@caihong/contracts";
import { centroidOf, generateXinhongGrids, pointInGeometry, type GridGeometry, type XinhongOutline } from "@caihong/domain";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";
import { XINHONG_GRIDS_FILE } from "../../seed";
import { buildMembership, buildPartyOrg, buildPeople, buildStaffAssignment, buildUnit } from "../../seed/factories";
import { translate } from "./grids.fixtures";
import { grids } from "./grids.table";

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
});
afterAll(async () => t.close());

describe("the Xinhong demo grid tree", () => {
  it("reports 1 / 4 / 29 / 147 grids, counted from rows", async () => {
    const res = await admin.request("GET", "/api/v1/grids/summary");
    expect(res.json()).toEqual({
      levels: [
        { level: 1, count: 1 },
        { level: 2, count: 4 },
        { level: 3, count: 29 },
        { level: 4, count: 147 },
      ],
      total: 181,
      organisations: [
        { kind: "community_committee", count: 1 },
        { kind: "disposal_council", count: 4 },
        { kind: "community_branch", count: 21 },
        { kind: "street_branch", count: 8 },
        { kind: "responsibility_zone", count: 147 },
      ],
    });
    await t.app.deps.database.query("update grids set valid_to = now() where level = 4 and code = (select min(code) from grids where level = 4)");
    expect((await admin.request("GET", "/api/v1/grids/summary")).json().levels[3].count).toBe(146);
    await t.app.deps.database.query("update grids set valid_to = null");
  });

  it("counts only the caller's subtree", async () => {
    const { grid, role } = await seeded(admin);
    const head = await createUserAndLogin(admin, t.app, { username: "aibo.head", gridId: grid("爱博片区"), roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: grid("爱博片区") }] });
    const summary = (await head.request("GET", "/api/v1/grids/summary")).json();
    expect(summary.levels[0]).toEqual({ level: 2, count: 1 });
    const all = (await head.request("GET", "/api/v1/grids")).json().items;
    expect(all.every((g: { name: string; level: number }) => g.level >= 2)).toBe(true);
    expect(all.some((g: { name: string }) => g.name === "华美片区")).toBe(false);
  });

  it("stores the checked-in file that the deterministic generator produces", () => {
    const outline = JSON.parse(fs.readFileSync(path.join(path.dirname(XINHONG_GRIDS_FILE), "outline.geojson"), "utf8")) as XinhongOutline;
    const generated = generateXinhongGrids(outline).map(({ geometry, ...properties }) => ({ type: "Feature", properties, geometry }));
    const stored = JSON.parse(fs.readFileSync(XINHONG_GRIDS_FILE, "utf8")) as { features: unknown[] };
    expect(stored.features).toEqual(JSON.parse(JSON.stringify(generated)));
  });
});

describe("which grid is this point in?", () => {
  it("puts the GCJ-02 coordinate of 虹桥火车站 in 枢纽片区, with the whole chain", async () => {
    const res = await admin.request("GET", "/api/v1/grids/locate?lng=121.3219&lat=31.1944&crs=gcj02");
    const body = res.json();
    expect(body.isInside).toBe(true);
    expect(body.chain.map((g: { level: number }) => g.level)).toEqual([1, 2, 3, 4]);
    expect(body.chain[1].name).toBe("枢纽片区");
    expect(body.wgs84.lng).toBeCloseTo(121.3173, 2);
    expect(body.message).toContain("枢纽片区");
  });

  it("says clearly when a point is outside the sub-district", async () => {
    const res = await admin.request("GET", "/api/v1/grids/locate?lng=121.47&lat=31.23", undefined, { "accept-language": "en" });
    expect(res.json()).toMatchObject({ isInside: false, chain: [], message: "This point is outside the sub-district's grids." });
  });

  it("rejects coordinates out of range with a 400 naming the field", async () => {
    const res = await admin.request("GET", "/api/v1/grids/locate?lng=500&lat=31&crs=mars");
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(["querystring.crs", "querystring.lng"]);
  });
});

interface GridRowJson {
  id: string;
  code: string;
  name: string;
  level: number;
  path: string;
  parent_id: string | null;
  version: number;
  boundary: GridGeometry;
}

const q = <T = Record<string, unknown>>(text: string) => t.app.deps.database.query<T>(text);
const firstMicro = async () => (await q<GridRowJson>("select * from grids where level = 4 and valid_to is null order by code limit 1"))[0]!;

describe("the grid card", () => {
  it("shows attributes, ancestors, organisation, responsible members, staff and counts from rows", async () => {
    const grid = await firstMicro();
    const parentId = grid.parent_id!;
    const db = t.app.deps.db;
    const tenantId = t.app.deps.tenantId;
    const onGrid = (await admin.request("GET", `/api/v1/party-orgs?gridId=${grid.id}`)).json().items.find((o: { gridId: string }) => o.gridId === grid.id) as { id: string; name: string } | undefined;
    const org = onGrid ?? (await buildPartyOrg(db, tenantId, { gridId: grid.id, name: "测试党员责任区", kind: "responsibility_zone" }));
    const count = async (text: string) => Number((await q<{ n: number }>(text))[0]!.n);
    const before = {
      members: await count(`select count(distinct person_id)::int as n from party_memberships where org_id = '${org.id}' and to_date is null`),
      staff: await count(`select count(*)::int as n from staff_assignments where grid_id = '${grid.id}' and to_date is null`),
      units: await count(`select count(*)::int as n from units where grid_id = '${grid.id}'`),
      parentUnits: await count(`select count(*)::int as n from units u join grids g on g.id = u.grid_id where g.path like '${(await q<GridRowJson>(`select path from grids where id = '${parentId}'`))[0]!.path}%'`),
    };
    const [responsible, member, former] = await buildPeople(db, tenantId, ["责任甲（测试）", "党员乙（测试）", "离任丙（测试）"]);
    await buildMembership(db, tenantId, { orgId: org.id, personId: responsible!.id, role: "responsible", fromDate: "2024-01-01" });
    await buildMembership(db, tenantId, { orgId: org.id, personId: member!.id, role: "member", fromDate: "2024-01-01" });
    await buildMembership(db, tenantId, { orgId: org.id, personId: former!.id, role: "responsible", fromDate: "2020-01-01", toDate: "2023-12-31" });
    const assignment = await buildStaffAssignment(db, tenantId, { gridId: grid.id, personId: responsible!.id, post: "grid_worker", fromDate: "2024-01-01" });
    await buildStaffAssignment(db, tenantId, { gridId: grid.id, personId: former!.id, post: "grid_worker", fromDate: "2020-01-01", toDate: "2023-12-31" });
    await buildUnit(db, tenantId, { name: "测试单位（本网格）", kind: "enterprise", gridId: grid.id });
    await buildUnit(db, tenantId, { name: "测试单位（上级网格）", kind: "enterprise", gridId: parentId });

    const res = await admin.request("GET", `/api/v1/grids/${grid.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const detail = ZGridDetail.parse(res.json());
    expect(detail).toMatchObject({ id: grid.id, code: grid.code, level: 4, validTo: null, version: grid.version, organisation: { id: org.id, name: org.name } });
    expect(detail.ancestors.map((a) => a.level)).toEqual([1, 2, 3]);
    expect(detail.ancestors[2]!.id).toBe(parentId);
    expect(detail.responsible).toContainEqual({ personId: responsible!.id, name: "责任甲（测试）", role: "responsible" });
    expect(detail.responsible.some((r) => r.personId === former!.id)).toBe(false);
    expect(detail.staff).toContainEqual({ assignmentId: assignment!.id, personId: responsible!.id, name: "责任甲（测试）", post: "grid_worker" });
    expect(detail.counts).toEqual({ children: 0, members: before.members + 2, units: before.units + 1, staff: before.staff + 1 });

    const parent = ZGridDetail.parse((await admin.request("GET", `/api/v1/grids/${parentId}`)).json());
    const children = await count(`select count(*)::int as n from grids where parent_id = '${parentId}' and valid_to is null`);
    expect(parent.counts.children).toBe(children);
    expect(parent.counts.units).toBe(before.parentUnits + 2);
    expect(parent.responsible.every((r) => r.role === "secretary")).toBe(true);
  });

  it("answers 404 for an unknown grid and 400 for a malformed id", async () => {
    expect((await admin.request("GET", "/api/v1/grids/00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await admin.request("GET", "/api/v1/grids/not-a-uuid")).statusCode).toBe(400);
  });
});

describe("editing a grid's attributes", () => {
  it("saves name, type and contact with the phone masked and audited before/after", async () => {
    const grid = await firstMicro();
    const res = await admin.request("PATCH", `/api/v1/grids/${grid.id}`, { version: grid.version, name: "改名微网格", type: "street_front", contactName: "联系人甲", contactPhone: "13812341234" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: "改名微网格", type: "street_front", contactName: "联系人甲", contactPhoneMasked: "138****1234", version: grid.version + 1 });
    const [entry] = await q<{ before: { name: string }; after: { name: string; contactPhone: string } }>(`select before, after from audit_log where action = 'grid.update' and entity_id = '${grid.id}' order by seq desc limit 1`);
    expect(entry!.before.name).toBe(grid.name);
    expect(entry!.after).toMatchObject({ name: "改名微网格", contactPhone: "138****1234" });
    expect(JSON.stringify(entry)).not.toContain("13812341234");
  });

  it("refuses a stale version with 409 and changes nothing", async () => {
    const grid = await firstMicro();
    const before = JSON.stringify(await q(`select * from grids where id = '${grid.id}'`));
    const audits = (await q<{ n: number }>("select count(*)::int as n from audit_log"))[0]!.n;
    const res = await admin.request("PATCH", `/api/v1/grids/${grid.id}`, { version: grid.version - 1 > 0 ? grid.version - 1 : grid.version + 5, name: "过期的修改" });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("VERSION_CONFLICT");
    expect(JSON.stringify(await q(`select * from grids where id = '${grid.id}'`))).toBe(before);
    expect((await q<{ n: number }>("select count(*)::int as n from audit_log"))[0]!.n).toBe(audits);
  });

  it("refuses a type that does not fit the grid's level, naming the field", async () => {
    const grid = await firstMicro();
    const res = await admin.request("PATCH", `/api/v1/grids/${grid.id}`, { version: grid.version, type: "disposal" }, { "accept-language": "en" });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: "body.type", message: "Grid type does not match its level" }]);
    const unknownType = await admin.request("PATCH", `/api/v1/grids/${grid.id}`, { version: grid.version, type: "castle" });
    expect(unknownType.statusCode).toBe(400);
  });
});

describe("the map layer", () => {
  it("serves the current grids as GeoJSON with codes, parents and organisations, optionally one level", async () => {
    const res = await admin.request("GET", "/api/v1/grids/map.geojson");
    expect(res.statusCode).toBe(200);
    expect(String(res.headers["content-type"])).toMatch(/^application\/geo\+json/);
    const all = res.json() as { type: string; features: { id: string; properties: Record<string, unknown>; geometry: { type: string } }[] };
    expect(all.type).toBe("FeatureCollection");
    expect(all.features).toHaveLength(181);
    const level2 = (await admin.request("GET", "/api/v1/grids/map.geojson?level=2")).json() as typeof all;
    expect(level2.features.map((f) => f.properties.name).sort()).toEqual(["枢纽片区", "爱博片区", "航华片区", "华美片区"].sort());
    for (const f of level2.features) {
      expect(f.id).toBe(f.properties.id);
      expect(Object.keys(f.properties).sort()).toEqual(["code", "id", "level", "name", "organisationName", "parentCode", "parentId", "type"]);
      expect(f.properties).toMatchObject({ level: 2, type: "disposal", parentCode: "310112008000" });
      expect(f.geometry.type).toMatch(/Polygon/);
    }
    expect((await admin.request("GET", "/api/v1/grids/map.geojson?level=7")).statusCode).toBe(400);
  });
});

describe("the topology report", () => {
  it("finds no problem in the demo tree", async () => {
    const res = await admin.request("GET", "/api/v1/grids/topology");
    expect(res.statusCode).toBe(200);
    const report = ZTopologyReport.parse(res.json());
    expect(report).toMatchObject({ grids: 181, toleranceM2: 1, problems: [] });
  });

  it("reports a boundary moved onto its neighbours, by code, area and place, in the caller's language", async () => {
    const grid = await firstMicro();
    const db = t.app.deps.db;
    const moved = translate(grid.boundary, 0.0003, 0.0002);
    await db.update(grids).set({ boundary: moved }).where(eq(grids.id, grid.id));
    try {
      const report = ZTopologyReport.parse((await admin.request("GET", "/api/v1/grids/topology", undefined, { "accept-language": "en" })).json());
      const overlap = report.problems.find((p) => p.kind === "overlap" && p.codes.includes(grid.code));
      expect(overlap).toBeDefined();
      expect(overlap!.message).toMatch(/overlap by about/);
      expect(overlap!.areaM2).toBeGreaterThan(1);
      expect(overlap!.location).not.toBeNull();
      expect(report.problems.some((p) => p.kind === "gap")).toBe(true);
    } finally {
      await db.update(grids).set({ boundary: grid.boundary }).where(eq(grids.id, grid.id));
    }
  });
});

describe("the point index follows changes", () => {
  it("stops answering with a grid retired by a write that announced it on the change bus, and answers again once it is back", async () => {
    const grid = (await q<GridRowJson>("select * from grids where level = 4 and valid_to is null order by code desc limit 1"))[0]!;
    const [x, y] = centroidOf(grid.boundary)!;
    expect(pointInGeometry(x, y, grid.boundary)).toBe(true);
    const at = () => admin.request("GET", `/api/v1/grids/locate?lng=${x}&lat=${y}`).then((r) => r.json() as { isInside: boolean; chain: { id: string }[] });
    expect((await at()).chain.at(-1)!.id).toBe(grid.id);
    // Written outside the grids API, as another writer (`caihong grids import` on a shared
    // PostgreSQL, another worker) does: the row and the announcement in one transaction.
    const retire = (validTo: Date | null) =>
      t.app.deps.db.transaction(async (tx) => {
        await tx.update(grids).set({ validTo, version: sql`${grids.version} + 1` }).where(eq(grids.id, grid.id));
        await t.app.deps.locator.changed(tx);
      });
    await retire(new Date());
    expect((await at()).isInside).toBe(false);
    await retire(null);
    expect((await at()).chain.at(-1)!.id).toBe(grid.id);
  });
});
