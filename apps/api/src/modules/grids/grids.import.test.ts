import { ZProblem } from "@caihong/contracts";
import { areaM2, centroidOf, pointInGeometry } from "@caihong/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, type Session, type TestApp } from "../../test/harness";
import {
  adjacentMicroPair,
  clone,
  databaseState,
  exportFeatures,
  featureOf,
  pointThatMoved,
  splitWestEast,
  squareAround,
  translate,
  type GridCollectionJson,
} from "./grids.fixtures";

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  // Redraws stamp history with the clock: keep it after the seed's valid_from (the database's now()).
  t.clock.set(new Date(Date.now() + 60_000));
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
});
afterAll(async () => t.close());

interface ProblemJson {
  kind: string;
  codes: string[];
  at: string | null;
  message: string;
  areaM2: number | null;
  location: { lng: number; lat: number } | null;
}

const importGrids = (fc: unknown, dryRun = false, headers?: Record<string, string>) =>
  admin.request("POST", `/api/v1/grids/import?dryRun=${dryRun}`, typeof fc === "string" ? fc : fc, headers);

async function rejected(fc: GridCollectionJson, headers?: Record<string, string>): Promise<ProblemJson[]> {
  const before = await databaseState(t);
  const res = await importGrids(fc, false, headers);
  expect(res.statusCode, res.body).toBe(422);
  expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  const body = res.json() as { problems: ProblemJson[] };
  expect(ZProblem.parse(body).code).toBe("UNPROCESSABLE");
  expect(await databaseState(t)).toBe(before);
  return body.problems;
}

async function locate(lng: number, lat: number) {
  return (await admin.request("GET", `/api/v1/grids/locate?lng=${lng}&lat=${lat}`)).json() as { isInside: boolean; chain: { id: string; code: string }[] };
}

const micro = async () => (await admin.request("GET", "/api/v1/grids/summary")).json().levels.find((l: { level: number }) => l.level === 4).count as number;

describe("GeoJSON import of the grid tree", () => {
  it("takes its own export back as all unchanged and writes nothing", async () => {
    const fc = await exportFeatures(admin);
    expect(fc.features).toHaveLength(181);
    expect(fc.features[0]!.properties).toMatchObject({ code: "310112008000", level: 1, parentCode: null });
    const before = await databaseState(t);
    const res = await importGrids(fc);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, created: 0, updated: 0, redrawn: 0, retired: 0, unchanged: 181 });
    expect(await databaseState(t)).toBe(before);
  });

  it("accepts application/geo+json as well as application/json", async () => {
    const text = JSON.stringify(await exportFeatures(admin));
    const res = await importGrids(text, true, { "content-type": "application/geo+json" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, unchanged: 181 });
  });

  it("accepts a file above the API's usual 1 MB body limit", async () => {
    const padded = { ...(await exportFeatures(admin)), description: "x".repeat(3 * 1024 * 1024) };
    const res = await importGrids(padded, true);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.json()).toMatchObject({ unchanged: 181 });
  });

  it("refuses an import with one self-intersecting feature, names it, and writes nothing", async () => {
    const fc = clone(await exportFeatures(admin));
    const index = fc.features.findIndex((f) => f.properties.level === 4);
    const target = fc.features[index]!;
    const [x, y] = centroidOf(target.geometry)!;
    const d = 0.0005;
    target.geometry = { type: "Polygon", coordinates: [[[x - d, y - d], [x + d, y + d], [x + d, y - d], [x - d, y + d], [x - d, y - d]]] };
    const problems = await rejected(fc);
    expect(problems).toContainEqual(expect.objectContaining({ kind: "self_intersection", codes: [target.properties.code], at: `features.${index}.geometry` }));
    expect(problems.find((p) => p.kind === "self_intersection")!.location!.lng).toBeCloseTo(x, 6);
  });

  it("reports every schema problem by feature index, with duplicate codes, in one answer", async () => {
    const fc = clone(await exportFeatures(admin));
    fc.features[12]!.properties.code = "12ab";
    fc.features[5]!.properties.level = 9;
    (fc.features[7]!.geometry as { type: string }).type = "Point";
    fc.features.push(clone(fc.features[30]!));
    const problems = await rejected(fc, { "accept-language": "en" });
    const at = problems.map((p) => `${p.kind}@${p.at}`);
    expect(at).toEqual(
      expect.arrayContaining([
        "schema@features.12.properties.code",
        "schema@features.5.properties.level",
        "schema@features.7.geometry.type",
        "duplicate_code@features.181.properties.code",
      ]),
    );
    expect(problems.find((p) => p.at === "features.12.properties.code")!.message).toContain("Grid codes have 12, 14, 16 or 19 digits");
  });

  it("refuses a new grid that sticks out of its parent, naming both codes", async () => {
    const fc = clone(await exportFeatures(admin));
    const autonomous = fc.features.filter((f) => f.properties.level === 3);
    const [home, elsewhere] = [autonomous[0]!, autonomous[autonomous.length - 1]!];
    const code = `${home.properties.code}901`;
    fc.features.push({
      type: "Feature",
      properties: { code, name: "越界微网格", level: 4, type: "residential_block", parentCode: home.properties.code },
      geometry: squareAround(centroidOf(elsewhere.geometry)!, 0.0004),
    });
    const problems = await rejected(fc);
    expect(problems).toEqual([expect.objectContaining({ kind: "outside_parent", codes: [code, home.properties.code], at: `features.${fc.features.length - 1}.geometry` })]);
    expect(problems[0]!.areaM2).toBeGreaterThan(1000);
  });

  it("refuses a micro grid moved onto its neighbour: overlap, gap and the grids named", async () => {
    const fc = clone(await exportFeatures(admin));
    const { a, b } = clone(adjacentMicroPair(fc));
    featureOf(fc, a.properties.code).geometry = translate(a.geometry, 0.0003, 0);
    const problems = await rejected(fc);
    const kinds = problems.map((p) => p.kind);
    expect(kinds).toContain("overlap");
    expect(kinds).toContain("gap");
    const overlaps = problems.filter((p) => p.kind === "overlap");
    expect(overlaps.every((p) => p.codes.includes(a.properties.code) && p.codes.every((c) => c.startsWith(b.properties.parentCode!)))).toBe(true);
    expect(overlaps.every((p) => p.areaM2! > 1 && p.location !== null)).toBe(true);
  });

  it("checks new grids' parents, levels, code lengths, code prefixes and types", async () => {
    const fc = clone(await exportFeatures(admin));
    const autonomous = fc.features.find((f) => f.properties.level === 3)!;
    const disposal = autonomous.properties.parentCode!;
    const base = { type: "Feature" as const, geometry: squareAround(centroidOf(autonomous.geometry)!, 0.0001) };
    fc.features.push(
      { ...base, properties: { code: "3101120080009999001", name: "无上级", level: 4, type: "residential_block", parentCode: "3101120080009999" } },
      { ...base, properties: { code: `${disposal}99901`, name: "层级错", level: 4, type: "residential_block", parentCode: disposal } },
      { ...base, properties: { code: `${disposal}99902`, name: "位数错", level: 3, type: "residents_committee", parentCode: disposal } },
      { ...base, properties: { code: "3101120080000499902", name: "前缀错", level: 4, type: "residential_block", parentCode: autonomous.properties.code } },
      { ...base, properties: { code: `${autonomous.properties.code}903`, name: "类型错", level: 4, type: "disposal", parentCode: autonomous.properties.code } },
    );
    const problems = await rejected(fc);
    expect(problems.map((p) => p.kind).sort()).toEqual(["code_pattern", "code_prefix", "level_mismatch", "type_mismatch", "unknown_parent"]);
    expect(problems.every((p) => p.at?.startsWith(`features.`) && p.codes.length === 1)).toBe(true);
  });

  it("redraws two sibling micro grids along a new shared edge: history kept, lookups follow the edge", async () => {
    const fc = clone(await exportFeatures(admin));
    const { a, b, union } = clone(adjacentMicroPair(fc));
    const [west, east] = splitWestEast(union, 0.37);
    featureOf(fc, a.properties.code).geometry = west;
    featureOf(fc, b.properties.code).geometry = east;
    // A point that lay in a and now lies in b, or the other way round.
    const fromA = (() => {
      try {
        return { point: pointThatMoved(union, a.geometry, west), to: b };
      } catch {
        return { point: pointThatMoved(union, b.geometry, east), to: a };
      }
    })();
    const before = await databaseState(t);
    const seq = (await t.app.deps.database.query<{ seq: number }>("select coalesce(max(seq), 0)::int as seq from audit_log"))[0]!.seq;
    const dry = await importGrids(fc, true);
    expect(dry.json()).toEqual({ dryRun: true, created: 0, updated: 0, redrawn: 2, retired: 0, unchanged: 179 });
    expect(await databaseState(t)).toBe(before);

    const res = await importGrids(fc);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, created: 0, updated: 0, redrawn: 2, retired: 0, unchanged: 179 });

    const id = (await t.app.deps.database.query<{ id: string }>(`select id from grids where code = '${a.properties.code}'`))[0]!.id;
    const detail = (await admin.request("GET", `/api/v1/grids/${id}`)).json();
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0].areaM2).toBeCloseTo(areaM2(a.geometry), 0);
    expect(detail.history[0].validTo).toBe(t.clock.clock().toISOString());
    expect(detail.validFrom).toBe(t.clock.clock().toISOString());
    expect(detail.areaM2).toBeCloseTo(areaM2(west), 0);

    const found = await locate(fromA.point[0], fromA.point[1]);
    expect(found.chain.at(-1)!.code).toBe(fromA.to.properties.code);
    expect(pointInGeometry(fromA.point[0], fromA.point[1], fromA.to.properties.code === a.properties.code ? west : east)).toBe(true);

    const audit = await t.app.deps.database.query<{ action: string; actor_id: string }>(`select action, actor_id from audit_log where seq > ${seq} order by seq`);
    expect(audit.map((e) => e.action)).toEqual(["grid.redraw", "grid.redraw", "grid.import"]);
    expect(audit.every((e) => e.actor_id === admin.userId)).toBe(true);
    // The export now carries the new boundaries and goes back in unchanged.
    expect((await importGrids(await exportFeatures(admin), true)).json()).toMatchObject({ unchanged: 181 });
  });

  it("retires a micro grid merged into its sibling, and the lookup skips it", async () => {
    const fc = clone(await exportFeatures(admin));
    const { a, b, union } = clone(adjacentMicroPair(fc));
    featureOf(fc, a.properties.code).properties.retired = true;
    featureOf(fc, b.properties.code).geometry = union;
    const count = await micro();
    const res = await importGrids(fc);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ retired: 1, redrawn: 1, created: 0 });
    expect(await micro()).toBe(count - 1);
    const [row] = await t.app.deps.database.query<{ id: string; valid_to: Date | null }>(`select id, valid_to from grids where code = '${a.properties.code}'`);
    expect(row!.valid_to).not.toBeNull();
    expect((await admin.request("GET", `/api/v1/grids/${row!.id}`)).json().validTo).toBe(t.clock.clock().toISOString());
    const [x, y] = centroidOf(a.geometry)!;
    if (pointInGeometry(x, y, a.geometry)) expect((await locate(x, y)).chain.at(-1)!.code).toBe(b.properties.code);
    expect((await exportFeatures(admin)).features.some((f) => f.properties.code === a.properties.code)).toBe(false);

    // Its code stays taken.
    const again = clone(await exportFeatures(admin));
    again.features.push({ ...clone(featureOf(fc, a.properties.code)), properties: { ...featureOf(fc, a.properties.code).properties, retired: undefined } });
    expect((await rejected(again)).map((p) => p.kind)).toEqual(["retired_code"]);
  });

  it("refuses to retire a grid that keeps current children, or one whose area nobody takes over", async () => {
    const fc = clone(await exportFeatures(admin));
    const autonomous = fc.features.find((f) => f.properties.level === 3)!;
    autonomous.properties.retired = true;
    expect((await rejected(fc)).map((p) => p.kind)).toEqual(["retire_with_children"]);

    const lone = clone(await exportFeatures(admin));
    const leaf = lone.features.find((f) => f.properties.level === 4)!;
    leaf.properties.retired = true;
    const problems = await rejected(lone);
    expect(problems.map((p) => p.kind)).toEqual(["gap"]);
    expect(problems[0]!.codes).toEqual([leaf.properties.parentCode]);
  });

  it("creates a micro grid split off an existing one, under the right parent", async () => {
    const fc = clone(await exportFeatures(admin));
    const target = fc.features.find((f) => f.properties.level === 4 && f.geometry.type === "Polygon")!;
    const [west, east] = splitWestEast(target.geometry, 0.5);
    target.geometry = west;
    const code = `${target.properties.parentCode}950`;
    fc.features.push({ type: "Feature", properties: { code, name: "新增微网格", level: 4, type: "residential_block", parentCode: target.properties.parentCode }, geometry: east });
    const count = await micro();
    const res = await importGrids(fc);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, redrawn: 1 });
    expect(await micro()).toBe(count + 1);
    const [x, y] = centroidOf(east)!;
    const found = await locate(x, y);
    expect(found.chain.at(-1)!.code).toBe(code);
    expect(found.chain.at(-2)!.code).toBe(target.properties.parentCode);
    const topology = (await admin.request("GET", "/api/v1/grids/topology")).json();
    expect(topology.problems).toEqual([]);
  });

  it("answers a body that is no FeatureCollection with a 422 saying so, and malformed JSON with a 400", async () => {
    const res = await importGrids({ type: "Feature" });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems[0]).toMatchObject({ kind: "not_feature_collection" });
    const notJson = await importGrids("{not json", false, { "content-type": "application/json" });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe("MALFORMED_JSON");
  });
});
