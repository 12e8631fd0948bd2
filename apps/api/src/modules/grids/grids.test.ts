import fs from "node:fs";
import path from "node:path";
import { generateXinhongGrids, type XinhongOutline } from "@caihong/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";
import { XINHONG_GRIDS_FILE } from "../tenants/tenants.seed";

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
