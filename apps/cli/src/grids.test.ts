import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readXlsx } from "@caihong/api";
import { createTemplateDataDir } from "@caihong/api/testing";
import { buildProgram } from "./program";
import { runCaihong, withDataDir } from "./test-support";



const caihong = (args: string[], env: Record<string, string>) => runCaihong(args, { LANG: "C", LC_ALL: "", LC_MESSAGES: "", CAIHONG_ADMIN_PASSWORD: "cli-grids-admin-1", ...env });


interface FeatureJson {
  properties: { code: string; name: string; level: number };
  geometry: { type: "Polygon"; coordinates: number[][][] };
}

describe("caihong grids / locate --help", () => {
  it.each([[["grids"]], [["grids", "export"]], [["grids", "import"]], [["locate"]]])("caihong %j --help", (args) => {
    let out = "";
    const program = buildProgram();
    const all = [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)];
    for (const c of all) c.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    expect(() => program.parse(["node", "caihong", ...args, "--help"])).toThrow(CommanderError);
    expect(out).toContain(`Usage: caihong ${args.join(" ")}`);
  });
});

// PGlite data directories whatever DATABASE_URL says: with it set this would repeat the PGlite run.
describe.skipIf(!!process.env.DATABASE_URL)("caihong grids and locate on a PGlite data directory", () => {
  let root: string;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-cli-grids-"));
    dir = path.join(root, "data");
    env = { CAIHONG_DATA_DIR: dir };
    // As `caihong migrate` leaves an empty directory: a copy of the run's seeded template.
    await createTemplateDataDir(dir);
  }, 180_000);
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("exports GeoJSON, takes it back unchanged, and imports a rename audited as cli", async () => {
    const file = path.join(root, "grids.geojson");
    const exported = await caihong(["grids", "export", "--out", file], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain("(181 grids)");
    const fc = JSON.parse(fs.readFileSync(file, "utf8")) as { features: FeatureJson[] };
    expect(fc.features).toHaveLength(181);

    const dry = await caihong(["grids", "import", file, "--dry-run"], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("0 created, 0 updated, 0 redrawn, 0 retired, 181 unchanged; nothing written");

    const micro = fc.features.find((f) => f.properties.level === 4)!;
    micro.properties.name = "命令行改名";
    fs.writeFileSync(file, JSON.stringify(fc));
    const imported = await caihong(["grids", "import", file], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("0 created, 1 updated, 0 redrawn, 0 retired, 180 unchanged");

    await withDataDir(dir, async (database) => {
      const [grid] = await database.query<{ name: string }>(`select name from grids where code = '${micro.properties.code}'`);
      expect(grid!.name).toBe("命令行改名");
      const audit = await database.query<{ action: string; actor_label: string }>("select action, actor_label from audit_log where action like 'grid.%' order by seq");
      expect(audit).toEqual([
        { action: "grid.update", actor_label: "cli" },
        { action: "grid.import", actor_label: "cli" },
      ]);
    });
  }, 180_000);

  it("prints every problem of a bad file, exits non-zero and writes nothing", async () => {
    const file = path.join(root, "bad.geojson");
    const exported = await caihong(["grids", "export", "--format", "geojson", "--out", file], env);
    expect(exported.code, exported.stderr).toBe(0);
    const fc = JSON.parse(fs.readFileSync(file, "utf8")) as { features: FeatureJson[] };
    const index = fc.features.findIndex((f) => f.properties.level === 4);
    const [x, y] = fc.features[index]!.geometry.coordinates[0]![0]! as [number, number];
    const d = 0.0005;
    fc.features[index]!.geometry = { type: "Polygon", coordinates: [[[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]] };
    fc.features[3]!.properties.code = "123";
    fs.writeFileSync(file, JSON.stringify(fc));
    const before = await withDataDir(dir, (database) => database.query("select count(*)::int as n, max(seq) as seq from audit_log"));

    const res = await caihong(["grids", "import", file], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`features.${index}.geometry  [self_intersection]`);
    expect(res.stderr).toContain(fc.features[index]!.properties.code);
    expect(res.stderr).toContain("features.3.properties.code  [schema]");
    expect(res.stderr).toContain("2 problem(s) found; nothing was written");
    expect(await withDataDir(dir, (database) => database.query("select count(*)::int as n, max(seq) as seq from audit_log"))).toEqual(before);

    const notJson = path.join(root, "broken.json");
    fs.writeFileSync(notJson, "{");
    expect((await caihong(["grids", "import", notJson], env)).stderr).toContain("is not valid JSON");
    expect((await caihong(["grids", "import", path.join(root, "grids.txt")], env)).stderr).toContain("expected a .geojson, .json or .xlsx file");
  }, 180_000);

  it("round-trips the Excel attribute workbook", async () => {
    const file = path.join(root, "grids.xlsx");
    const exported = await caihong(["grids", "export", "--out", file], env);
    expect(exported.code, exported.stderr).toBe(0);
    const sheet = await readXlsx(fs.readFileSync(file));
    expect(sheet.headers.slice(0, 2)).toEqual(["Code", "Name"]);
    expect(sheet.rows).toHaveLength(181);
    const res = await caihong(["grids", "import", file], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("181 unchanged");
  }, 180_000);

  it("locates a point in any coordinate system and says clearly when it is outside", async () => {
    const station = await caihong(["locate", "121.3219", "31.1944", "--crs", "gcj02"], env);
    expect(station.code, station.stderr).toBe(0);
    const [chain, micro] = station.stdout.trim().split("\n");
    expect(chain).toMatch(/^新虹街道 › 枢纽片区 › .+ › .+$/);
    expect(micro).toMatch(/^\d{19} \(WGS84 121\.31\d+, 31\.19\d+\)$/);

    const outside = await caihong(["locate", "121.47", "31.23"], env);
    expect(outside.code, outside.stderr).toBe(0);
    expect(outside.stdout).toContain("This point is outside the sub-district's grids. (WGS84 121.470000, 31.230000)");

    const bad = await caihong(["locate", "500", "31"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("invalid coordinates");
    expect((await caihong(["locate", "121.3", "31.2", "--crs", "mars"], env)).code).not.toBe(0);
  }, 180_000);
});
