import { expectedOrgKind } from "@caihong/contracts";
import { buildGridIndex, pointInGeometry, type GridGeometry } from "@caihong/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { createTestApp, type TestApp } from "../../test/harness";
import { seedTenant, seedXinhongDemo } from "..";

/**
 * The first start on an empty database loads the Xinhong demo: grid tree, party network, people,
 * staff posts and units. These tests read what landed, row by row.
 */
let t: TestApp;
let database: Database;
const count = async (sql: string) => Number((await database.query<{ n: number }>(sql))[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  database = t.app.deps.database;
});
afterAll(async () => {
  await t.close();
});

describe("the Xinhong demo network after the first start", () => {
  it("has one organisation per current grid, 181 in all, each of the kind its grid asks for", async () => {
    expect(await count("select count(*) as n from grids where valid_to is null")).toBe(181);
    expect(await count("select count(*) as n from party_orgs")).toBe(181);
    const rows = await database.query<{ level: number; type: string; kind: string | null; orgs: number }>(`
      select g.level, g.type, min(o.kind) as kind, count(o.id)::int as orgs
      from grids g left join party_orgs o on o.tenant_id = g.tenant_id and o.grid_id = g.id
      where g.valid_to is null group by g.id, g.level, g.type`);
    expect(rows).toHaveLength(181);
    for (const r of rows) {
      expect(r.orgs).toBe(1);
      expect(r.kind).toBe(expectedOrgKind(r.level, r.type));
    }
    const byKind = Object.fromEntries(
      (await database.query<{ kind: string; n: number }>("select kind, count(*)::int as n from party_orgs group by kind")).map((r) => [r.kind, r.n]),
    );
    expect(byKind).toMatchObject({ community_committee: 1, disposal_council: 4, responsibility_zone: 147 });
    expect(byKind.community_branch! + byKind.street_branch!).toBe(29);
  });

  it("gives every 党员责任区 at least one current responsible member and every level 1–3 organisation a secretary", async () => {
    const uncovered = await database.query(`
      select o.name from party_orgs o where o.kind = 'responsibility_zone' and not exists (
        select 1 from party_memberships m
        where m.tenant_id = o.tenant_id and m.org_id = o.id and m.role = 'responsible' and (m.to_date is null or m.to_date > current_date))`);
    expect(uncovered).toEqual([]);
    const withoutSecretary = await database.query(`
      select o.name from party_orgs o where o.kind <> 'responsibility_zone' and not exists (
        select 1 from party_memberships m where m.tenant_id = o.tenant_id and m.org_id = o.id and m.role = 'secretary' and m.to_date is null)`);
    expect(withoutSecretary).toEqual([]);
  });

  it("staffs every level: 网格长, 社区民警, 城运专员 and council members per disposal grid, a 网格长 per autonomous grid, a 网格员 per micro grid", async () => {
    const rows = await database.query<{ level: number; name: string; posts: string[] | null }>(`
      select g.level, g.name, array_agg(distinct s.post) filter (where s.post is not null) as posts
      from grids g left join staff_assignments s on s.tenant_id = g.tenant_id and s.grid_id = g.id and s.to_date is null
      where g.valid_to is null group by g.id, g.level, g.name`);
    for (const r of rows) {
      const posts = r.posts ?? [];
      if (r.level === 2) expect(posts, r.name).toEqual(expect.arrayContaining(["grid_head", "community_police", "city_ops", "council_member"]));
      if (r.level === 3) expect(posts, r.name).toContain("grid_head");
      if (r.level === 4) expect(posts, r.name).toEqual(["grid_worker"]);
    }
    // One post per person.
    expect(await count("select count(*) as n from (select person_id from staff_assignments group by person_id having count(*) > 1) x")).toBe(0);
  });

  it("creates no accounts for demo staff", async () => {
    expect(await count("select count(*) as n from users")).toBe(1);
    expect(await count("select count(*) as n from user_roles")).toBe(1);
    expect(await count("select count(*) as n from people where user_id is not null")).toBe(0);
    expect(await count("select count(*) as n from people where not is_demo")).toBe(0);
  });

  it("places every unit inside the sub-district, in the micro grid that contains its point", async () => {
    const cells = await database.query<{ id: string; level: number; boundary: GridGeometry }>("select id, level, boundary from grids where valid_to is null and level in (1, 4)");
    const root = cells.find((c) => c.level === 1)!;
    const index = buildGridIndex(cells.filter((c) => c.level === 4).map((c) => ({ id: c.id, geometry: c.boundary })));
    const rows = await database.query<{ name: string; lng: number; lat: number; grid_id: string }>("select name, lng, lat, grid_id from units");
    expect(rows.length).toBeGreaterThanOrEqual(100);
    for (const u of rows) {
      expect(pointInGeometry(u.lng, u.lat, root.boundary), u.name).toBe(true);
      expect(index.locate(u.lng, u.lat), u.name).toBe(u.grid_id);
    }
    expect(await count("select count(*) as n from unit_contacts")).toBeGreaterThanOrEqual(rows.length);
  });

  it("stores no phone or ID number in plain text, and the stored ones decrypt to valid numbers with matching hashes", async () => {
    const plain = await database.query(`
      select 'people' as t from people where phone_enc ~ '^[0-9 +-]+$' or id_number_enc ~ '^[0-9X]+$' or phone_enc not like 'v1.%' or id_number_enc not like 'v1.%'
      union all select 'unit_contacts' from unit_contacts where phone_enc ~ '^[0-9 +-]+$' or phone_enc not like 'v1.%'
      union all select 'grids' from grids where contact_phone_enc ~ '^[0-9 +-]+$'
      union all select 'people.hash' from people where phone_hash ~ '^1[3-9][0-9]{9}$' or id_number_hash ~ '^[0-9]{17}[0-9X]$'`);
    expect(plain).toEqual([]);
    const pd = t.app.deps.pd;
    const sample = await database.query<{ phone_enc: string; phone_hash: string; id_number_enc: string; id_number_hash: string }>(
      "select phone_enc, phone_hash, id_number_enc, id_number_hash from people order by id limit 50",
    );
    for (const p of sample) {
      const phone = pd.decrypt(p.phone_enc);
      expect(phone).toMatch(/^1[3-9]\d{9}$/);
      expect(pd.hash("phone", phone)).toBe(p.phone_hash);
      expect(pd.hash("idNumber", pd.decrypt(p.id_number_enc))).toBe(p.id_number_hash);
    }
    expect(await count("select count(*) as n from grids where level > 1 and contact_phone_enc is not null")).toBe(180);
  });

  it("audits the load once, as the system", async () => {
    const audit = await database.query<{ actor_label: string; after: { outcome: string; partyOrgs: number; people: number } }>(
      "select actor_label, after from audit_log where action = 'demo.seed'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: "system", after: { outcome: "loaded", partyOrgs: 181 } });
    expect(audit[0]!.after.people).toBe(await count("select count(*) as n from people"));
  });

  it("leaves everything as it is on the next start", async () => {
    const tables = ["grids", "party_orgs", "people", "party_memberships", "staff_assignments", "units", "unit_contacts", "audit_log"];
    const before = await Promise.all(tables.map((table) => count(`select count(*) as n from ${table}`)));
    const again = await seedTenant(t.app.deps.db, t.config, t.app.deps.pd);
    expect(again).toMatchObject({ createdAdmin: false, demo: null });
    expect(await Promise.all(tables.map((table) => count(`select count(*) as n from ${table}`)))).toEqual(before);
    const loadedAgain = await t.app.deps.db.transaction((tx) => seedXinhongDemo(tx, "xinhong", t.app.deps.pd));
    expect(loadedAgain).toEqual({ outcome: "already_present", grids: 0, network: null });
  });
});

describe("loading the network on an existing grid tree", () => {
  let other: TestApp;
  beforeAll(async () => {
    // A database from before the party network: the grid tree is there, organisations are not.
    other = await createTestApp();
    for (const statement of [
      "update grids set contact_name = null, contact_phone_enc = null",
      ...["unit_contacts", "units", "staff_assignments", "party_memberships", "people", "party_orgs"].map((table) => `delete from ${table}`),
    ]) {
      await other.app.deps.database.query(statement);
    }
  });
  afterAll(async () => {
    await other.close();
  });

  it("adds the network without touching the grids", async () => {
    const db = other.app.deps.database;
    const gridsBefore = await db.query("select id, code, boundary from grids order by code");
    const result = await other.app.deps.db.transaction((tx) => seedXinhongDemo(tx, "xinhong", other.app.deps.pd));
    expect(result.outcome).toBe("network_added");
    expect(result.grids).toBe(0);
    expect(result.network).toMatchObject({ partyOrgs: 181 });
    expect(await db.query("select id, code, boundary from grids order by code")).toEqual(gridsBefore);
    expect(Number((await db.query<{ n: number }>("select count(*) as n from people"))[0]!.n)).toBe(result.network!.people);
  });
});
