import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMasterKey, PersonalData } from "@caihong/api";
import { createTemplateDataDir } from "@caihong/api/testing";
import { runCaihong, withDataDir } from "./test-support";



const caihong = (args: string[], env: Record<string, string>) => runCaihong(args, { CAIHONG_ADMIN_PASSWORD: "seed-test-admin-1", ...env });


const TABLES = ["grids", "party_orgs", "people", "party_memberships", "staff_assignments", "units", "unit_contacts"] as const;

async function counts(dir: string): Promise<Record<(typeof TABLES)[number], number>> {
  return withDataDir(dir, async (database) => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await database.query<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n);
    return out as Record<(typeof TABLES)[number], number>;
  });
}

// PGlite data directories whatever DATABASE_URL says: with it set this would repeat the PGlite run.
describe.skipIf(!!process.env.DATABASE_URL)("caihong seed --demo xinhong", () => {
  let root: string;
  let dir: string;
  let env: Record<string, string>;

  // A database migrated without the demo (CAIHONG_SEED_DEMO=false): only the root grid. The
  // migrations come from the run's migrated template; `caihong migrate` creates the tenant.
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-seed-"));
    dir = path.join(root, "data");
    env = { CAIHONG_DATA_DIR: dir, CAIHONG_SEED_DEMO: "false" };
    await createTemplateDataDir(dir, "migrated");
    const res = await caihong(["migrate"], env);
    if (res.code !== 0) throw new Error(`caihong migrate: ${res.code} ${res.stderr}`);
  }, 120_000);
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("documents itself in --help", async () => {
    const res = await caihong(["seed", "--help"], {});
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Usage: caihong seed");
    expect(res.stdout).toContain("--demo <dataset>");
  });

  it("refuses an unknown data set, another tenant, and a database not yet migrated", async () => {
    const unknown = await caihong(["seed", "--demo", "pudong"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Allowed choices are xinhong");
    const other = await caihong(["seed", "--demo", "xinhong"], { ...env, CAIHONG_TENANT: "qibao" });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("belongs to tenant xinhong");
    // A cluster that was initialised but never migrated (what any first open of an empty directory leaves).
    await createTemplateDataDir(path.join(root, "fresh"), "empty");
    const fresh = await caihong(["seed", "--demo", "xinhong"], { CAIHONG_DATA_DIR: path.join(root, "fresh") });
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toContain("run `caihong migrate` first");
  }, 120_000);

  it("loads the tree and the network once, audited as cli; a second run changes nothing", async () => {
    expect(await counts(dir)).toMatchObject({ grids: 1, party_orgs: 0, people: 0 });

    const first = await caihong(["seed", "--demo", "xinhong"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/loaded the xinhong demo into tenant xinhong: 180 grids below the root, 181 party organisations, \d+ people/);
    const loaded = await counts(dir);
    expect(loaded).toMatchObject({ grids: 181, party_orgs: 181 });
    expect(loaded.people).toBeGreaterThanOrEqual(800);
    expect(loaded.units).toBeGreaterThanOrEqual(100);

    const second = await caihong(["seed", "--demo", "xinhong"], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("nothing changed");
    expect(await counts(dir)).toEqual(loaded);

    await withDataDir(dir, async (database) => {
      const audit = await database.query<{ actor_label: string; after: { outcome: string } }>("select actor_label, after from audit_log where action = 'demo.seed'");
      expect(audit).toEqual([expect.objectContaining({ actor_label: "cli", after: expect.objectContaining({ outcome: "loaded" }) })]);
      // Encrypted with the data directory's key, which the server reads too.
      const pd = new PersonalData(loadMasterKey({ dataDir: dir, inMemory: false }));
      const [person] = await database.query<{ phone_enc: string; phone_hash: string }>("select phone_enc, phone_hash from people limit 1");
      const phone = pd.decrypt(person!.phone_enc);
      expect(phone).toMatch(/^1[3-9]\d{9}$/);
      expect(pd.hash("phone", phone)).toBe(person!.phone_hash);
    });
  }, 240_000);

  it("adds the network to a grid tree that has no organisations, leaving the grids alone", async () => {
    const gridsBefore = await withDataDir(dir, async (database) => {
      await database.query("update grids set contact_name = null, contact_phone_enc = null");
      for (const table of ["notifications", "case_escalations", "case_events", "case_photos", "cases", "unit_contacts", "units", "staff_assignments", "party_memberships", "people", "party_orgs"]) await database.query(`delete from ${table}`);
      return database.query("select id, code, name, boundary from grids order by code");
    });

    const res = await caihong(["seed", "--demo", "xinhong"], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("the grid tree was already there; added the party network");
    expect(await counts(dir)).toMatchObject({ grids: 181, party_orgs: 181 });
    await withDataDir(dir, async (database) => {
      expect(await database.query("select id, code, name, boundary from grids order by code")).toEqual(gridsBefore);
    });
  }, 240_000);
});
