import { PERMISSIONS, SYSTEM_ROLES } from "@caihong/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, type Session, type TestApp } from "../test/harness";
import { LEGACY_CATALOG, seedTenant } from ".";

/** The permission upgrade that runs on every seed (every start, `caihong migrate`). */
let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
});
afterAll(async () => {
  await t.close();
});

const query = <T>(sql: string, params: unknown[] = []) => t.app.deps.database.query<T>(sql, params);
const permissionsOf = async (code: string) => (await query<{ permissions: string[] }>("select permissions from roles where code = $1", [code]))[0]!.permissions;
const storedCatalog = async () => (await query<{ catalog_permissions: string[] | null }>("select catalog_permissions from tenants where id = 'xinhong'"))[0]!.catalog_permissions;
const reseed = () => seedTenant(t.app.deps.db, t.config, t.app.deps.pd);

describe("system-role permission upgrade", () => {
  it("starts a new tenant at the current catalog with each system role's defaults", async () => {
    expect(await storedCatalog()).toEqual([...PERMISSIONS]);
    for (const [code, role] of Object.entries(SYSTEM_ROLES)) expect(new Set(await permissionsOf(code)), code).toEqual(new Set(role.permissions));
  });

  it("on a tenant from before the stored catalog, grants each later permission to the system roles whose defaults carry it, keeping what admins granted", async () => {
    // The state of a tenant seeded with the first 8 permissions: catalog unknown (null), system
    // roles with the old defaults, plus an admin's own grant (audit.read to 网格长).
    await query("update tenants set catalog_permissions = null");
    for (const [code, role] of Object.entries(SYSTEM_ROLES)) {
      const old = role.permissions.filter((p) => LEGACY_CATALOG.includes(p));
      await query("update roles set permissions = $1 where code = $2", [code === "grid_head" ? [...old, "audit.read"] : old, code]);
    }
    const custom = (await admin.request("POST", "/api/v1/roles", { code: "area_viewer", nameZh: "片区查看", nameEn: "Area viewer", permissions: ["grids.read"] })).json() as { id: string };

    await reseed();

    expect(new Set(await permissionsOf("grid_head"))).toEqual(new Set([...SYSTEM_ROLES.grid_head.permissions, "audit.read"]));
    expect(new Set(await permissionsOf("party_office"))).toEqual(new Set(SYSTEM_ROLES.party_office.permissions));
    expect(new Set(await permissionsOf("subdistrict_admin"))).toEqual(new Set(PERMISSIONS));
    expect(new Set(await permissionsOf("resident"))).toEqual(new Set(SYSTEM_ROLES.resident.permissions));
    // Custom roles are the admins' own: never touched.
    expect(await permissionsOf("area_viewer")).toEqual(["grids.read"]);
    expect(await storedCatalog()).toEqual([...PERMISSIONS]);
    const audit = (await admin.request("GET", "/api/v1/audit?action=role.update&limit=50")).json().items as { actorLabel: string; entityId: string; after: { code: string; granted: string[] } }[];
    const upgraded = audit.filter((a) => a.actorLabel === "system");
    expect(upgraded.map((a) => a.after.code).sort()).toEqual(["apartment_operator", "council_member", "dispatcher", "grid_head", "grid_worker", "party_office", "resident", "subdistrict_admin"]);
    expect(upgraded.find((a) => a.after.code === "grid_worker")!.after.granted).toEqual(["party.read", "people.read", "units.read", "cases.read", "cases.report", "cases.handle"]);
    expect(upgraded.some((a) => a.entityId === custom.id)).toBe(false);
  });

  it("does not give back a permission an admin removed after it was offered", async () => {
    const roles = (await admin.request("GET", "/api/v1/roles")).json().items as { id: string; code: string; version: number; permissions: string[] }[];
    const worker = roles.find((r) => r.code === "grid_worker")!;
    const res = await admin.request("PATCH", `/api/v1/roles/${worker.id}`, { version: worker.version, permissions: worker.permissions.filter((p) => p !== "people.read") });
    expect(res.statusCode).toBe(200);

    await reseed();
    await reseed();

    expect(await permissionsOf("grid_worker")).not.toContain("people.read");
    expect(new Set(await permissionsOf("grid_worker"))).toEqual(new Set(SYSTEM_ROLES.grid_worker.permissions.filter((p) => p !== "people.read")));
  });

  it("offers only the permissions missing from the stored catalog", async () => {
    // As if units.read / units.write arrived in the latest release: removed from the catalog and the roles.
    await query("update tenants set catalog_permissions = $1", [PERMISSIONS.filter((p) => !p.startsWith("units."))]);
    await query("update roles set permissions = array_remove(array_remove(permissions, 'units.read'), 'units.write')");
    const workerBefore = await permissionsOf("grid_worker");

    await reseed();

    expect(await permissionsOf("grid_worker")).toEqual([...workerBefore, "units.read"]);
    expect(await permissionsOf("grid_head")).toEqual(expect.arrayContaining(["units.read", "units.write"]));
    // people.read stays removed: it was in the stored catalog already.
    expect(await permissionsOf("grid_worker")).not.toContain("people.read");
    expect(await permissionsOf("area_viewer")).toEqual(["grids.read"]);
    expect(await storedCatalog()).toEqual([...PERMISSIONS]);
  });
});

describe("seed upgrade: the seed's private categories", () => {
  const privacy = async () => query<{ code: string; is_private: boolean }>("select code, is_private from case_categories where is_private or code = '0604' order by code");

  it("starts a new tenant with 群租 private and nothing else", async () => {
    expect(await privacy()).toEqual([{ code: "0604", is_private: true }]);
  });

  it("makes 群租 private in a tenant seeded before, unless an admin renamed it, once", async () => {
    await query("update tenants set seed_revision = 1");
    await query("update case_categories set is_private = false");
    await reseed();
    expect(await privacy()).toEqual([{ code: "0604", is_private: true }]);
    const audit = (await admin.request("GET", "/api/v1/audit?action=case_category.update&limit=100")).json().items as { actorLabel: string; after: { isPrivate?: boolean } }[];
    expect(audit.filter((a) => a.actorLabel === "system" && a.after.isPrivate === true)).toHaveLength(1);

    // An admin who made it public again keeps it public on later starts.
    await query("update case_categories set is_private = false where code = '0604'");
    await reseed();
    expect(await privacy()).toEqual([{ code: "0604", is_private: false }]);
    // A renamed category is the admin's own: an older tenant's upgrade leaves it alone.
    await query("update tenants set seed_revision = 1");
    await query("update case_categories set name = '群租整治' where code = '0604'");
    await reseed();
    expect(await privacy()).toEqual([{ code: "0604", is_private: false }]);
  });
});

describe("seed upgrade: English for the seeded category dictionary", () => {
  const category = async (code: string) =>
    (await query<{ name_en: string | null; filing_standard: string | null; filing_standard_en: string | null; closing_standard_en: string | null; fields: { code: string; labelEn?: string; descriptionEn?: string; options?: { key: string; nameEn?: string }[] }[] }>("select * from case_categories where code = $1", [code]))[0]!;

  it("starts a new tenant with the English standards, field help and list choices", async () => {
    const bikes = await category("0601");
    expect(bikes.filing_standard_en).toMatch(/^Shared bikes piled up/);
    expect(bikes.fields[0]!.options!.find((o) => o.key === "hellobike")!.nameEn).toBe("Hellobike");
    expect((await category("0602")).fields[0]!.descriptionEn).toBe("The floor where it happens");
  });

  it("fills the English of a tenant seeded before, except where an admin rewrote the Chinese, once", async () => {
    // A tenant from before: no English standards or choices, and one standard rewritten by an admin.
    await query("update tenants set seed_revision = 0");
    await query("update case_categories set filing_standard_en = null, closing_standard_en = null, fields = (select coalesce(jsonb_agg(f - 'descriptionEn' || jsonb_build_object('options', coalesce((select jsonb_agg(o - 'nameEn') from jsonb_array_elements(f->'options') o), '[]'::jsonb))), '[]'::jsonb) from jsonb_array_elements(fields) f)");
    await query("update case_categories set filing_standard = '道路积水超过 10 厘米' where code = '0401'");

    await reseed();

    const bikes = await category("0601");
    expect(bikes.filing_standard_en).toMatch(/^Shared bikes piled up/);
    expect(bikes.closing_standard_en).toMatch(/^Bikes taken away/);
    expect(bikes.fields[0]!.options!.map((o) => o.nameEn)).toEqual(["Meituan", "Hellobike", "Qingju", "Other"]);
    const flooded = await category("0401");
    expect(flooded.filing_standard_en).toBeNull();
    expect(flooded.closing_standard_en).toBe("Water drained away");
    const audit = (await admin.request("GET", "/api/v1/audit?action=case_category.update&limit=100")).json().items as { actorLabel: string }[];
    expect(audit.filter((a) => a.actorLabel === "system").length).toBeGreaterThanOrEqual(28);

    // An admin removes an English standard afterwards: later starts leave it removed.
    await query("update case_categories set filing_standard_en = null where code = '0601'");
    await reseed();
    expect((await category("0601")).filing_standard_en).toBeNull();
  });
});
