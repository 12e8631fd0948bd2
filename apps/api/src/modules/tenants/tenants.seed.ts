import { seedCalendar } from "../cases/cases.calendar";
import { seedDemoCases, type DemoCaseCounts } from "../cases/cases.demo";
import { seedCategories } from "../cases/categories.service";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { GridGeometry } from "@caihong/domain";
import { PERMISSIONS, SYSTEM_ROLES, type TPermission } from "@caihong/contracts";
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { REPO_ROOT, type Config } from "../../config/env";
import type { Db } from "../../db/client";
import { hashPassword } from "../../lib/passwords";
import type { PersonalData } from "../../lib/personal-data";
import { auditLog } from "../audit/audit.table";
import { geometryColumns } from "../grids";
import { grids } from "../grids/grids.table";
import { partyOrgs } from "../party/party.table";
import { roles, userRoles } from "../roles/roles.table";
import { users } from "../users/users.table";
import { insertRows, seedDemoNetwork, type NetworkSeedCounts } from "./network.seed";
import { tenants } from "./tenants.table";

/** The reference deployment: 新虹街道 (division code 310112008000). */
const XINHONG = {
  tenant: { id: "xinhong", name: "新虹街道", nameEn: "Xinhong Sub-district", divisionCode: "310112008000" },
  root: { code: "310112008000", name: "新虹街道" },
};

/** The Xinhong demo grid tree, generated deterministically by scripts/generate-demo.ts. */
export const XINHONG_GRIDS_FILE = path.join(REPO_ROOT, "data/demo/xinhong/grids.geojson");

/**
 * The permission catalog before `tenants.catalog_permissions` existed: a tenant whose stored
 * catalog is null was seeded with exactly these, and is offered every later one once.
 */
export const LEGACY_CATALOG: readonly TPermission[] = PERMISSIONS.slice(0, 8);

interface DemoGridFeature {
  properties: { code: string; name: string; level: number; type: string; parentCode: string | null; isDemo: boolean };
  geometry: GridGeometry;
}


/** Inserts the demo tree under the root, one INSERT per level (parents before children; codes identify parents). */
async function seedDemoGrids(tx: Db, tenantId: string, root: { id: string; path: string }): Promise<number> {
  const features = (JSON.parse(fs.readFileSync(XINHONG_GRIDS_FILE, "utf8")) as { features: DemoGridFeature[] }).features;
  const byCode = new Map<string, { id: string; path: string }>();
  let inserted = 0;
  for (const level of [1, 2, 3, 4]) {
    const batch = [];
    for (const f of features.filter((x) => x.properties.level === level).sort((a, b) => a.properties.code.localeCompare(b.properties.code))) {
      const p = f.properties;
      if (level === 1) {
        await tx.update(grids).set({ type: p.type, ...geometryColumns(f.geometry) }).where(and(eq(grids.tenantId, tenantId), eq(grids.id, root.id)));
        byCode.set(p.code, root);
        continue;
      }
      const parent = byCode.get(p.parentCode ?? "");
      if (!parent) throw new Error(`demo grid ${p.code} has no parent ${p.parentCode}`);
      const id = randomUUID();
      const row = { id, path: `${parent.path}${id}/` };
      batch.push({ tenantId, ...row, parentId: parent.id, level: p.level, code: p.code, name: p.name, type: p.type, isDemo: p.isDemo, ...geometryColumns(f.geometry) });
      byCode.set(p.code, row);
    }
    await insertRows(tx, grids, batch);
    inserted += batch.length;
  }
  return inserted;
}

/** What loading the Xinhong demo did: everything, the network on an existing tree, or nothing. */
export type DemoSeedOutcome = "loaded" | "network_added" | "already_present";

export interface DemoSeedResult {
  outcome: DemoSeedOutcome;
  /** Grids inserted below the root (0 unless `loaded`). */
  grids: number;
  /** Rows of the party network inserted (null for `already_present`). */
  network: NetworkSeedCounts | null;
  /** Demo cases inserted by the first start (null when not loaded: turned off, or already there). */
  cases?: DemoCaseCounts | null;
}

/**
 * Loads the Xinhong demo data into a tenant, inside the caller's transaction: the 1/4/29/147 grid
 * tree when only the root exists, then the party network (organisations, people, staff posts,
 * units) when the tenant has no organisation yet. A tenant with organisations is left unchanged.
 * Takes a row lock on the tenant so two loaders cannot both see "empty".
 */
export async function seedXinhongDemo(tx: Db, tenantId: string, pd: PersonalData): Promise<DemoSeedResult> {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
  const [root] = await tx
    .select({ id: grids.id, path: grids.path })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), eq(grids.level, 1), isNull(grids.validTo)))
    .limit(1);
  if (!root) throw new Error(`tenant ${tenantId} has no root grid`);
  const [below] = await tx
    .select({ n: count() })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo), sql`${grids.level} > 1`));
  const addedGrids = below!.n === 0 ? await seedDemoGrids(tx, tenantId, root) : 0;
  const [orgs] = await tx.select({ n: count() }).from(partyOrgs).where(eq(partyOrgs.tenantId, tenantId));
  if (orgs!.n > 0) return { outcome: "already_present", grids: addedGrids, network: null };
  const network = await seedDemoNetwork(tx, tenantId, pd);
  return { outcome: addedGrids > 0 ? "loaded" : "network_added", grids: addedGrids, network };
}

/**
 * Grants system roles the permissions added to the catalog since this tenant's last seed, each to
 * the system roles whose defaults include it, then stores the current catalog. Only additions:
 * a permission an admin granted stays, and one an admin removed after it was offered is not
 * offered again (it is in the stored catalog by then). Each changed role is audited as `system`.
 */
export async function upgradeSystemRolePermissions(tx: Db, tenantId: string): Promise<string[]> {
  const [tenant] = await tx.select({ catalog: tenants.catalogPermissions }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
  if (!tenant) throw new Error(`no tenant ${tenantId}`);
  const known = new Set<string>(tenant.catalog ?? LEGACY_CATALOG);
  const added = PERMISSIONS.filter((p) => !known.has(p));
  const upgraded: string[] = [];
  if (added.length > 0) {
    const systemRoles = await tx.select().from(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.isSystem, true)));
    for (const role of systemRoles) {
      const defaults = SYSTEM_ROLES[role.code as keyof typeof SYSTEM_ROLES]?.permissions as readonly string[] | undefined;
      const grant = added.filter((p) => defaults?.includes(p) && !role.permissions.includes(p));
      if (grant.length === 0) continue;
      const permissions = [...role.permissions, ...grant];
      await tx
        .update(roles)
        .set({ permissions, updatedAt: new Date(), version: sql`${roles.version} + 1` })
        .where(and(eq(roles.tenantId, tenantId), eq(roles.id, role.id)));
      await tx.insert(auditLog).values({
        tenantId,
        at: new Date(),
        actorLabel: "system",
        action: "role.update",
        entityType: "role",
        entityId: role.id,
        before: { code: role.code, permissions: role.permissions },
        after: { code: role.code, permissions, granted: grant },
      });
      upgraded.push(role.code);
    }
  }
  const current = [...PERMISSIONS];
  if (tenant.catalog === null || tenant.catalog.length !== current.length || current.some((p, i) => tenant.catalog![i] !== p)) {
    await tx.update(tenants).set({ catalogPermissions: current }).where(eq(tenants.id, tenantId));
  }
  return upgraded;
}

export interface SeedResult {
  /** Set when this run created the admin account with a generated password (print it once). */
  generatedAdminPassword: string | null;
  createdAdmin: boolean;
  /** Set when this run loaded the Xinhong demo data (first start with CAIHONG_SEED_DEMO). */
  demo: DemoSeedResult | null;
}

/**
 * Makes a tenant usable: the tenant row, its system roles (brought up to the current permission
 * catalog), its root grid, for Xinhong on first start the demo grid tree, party network and (with
 * `seedDemoCases`) six months of demo cases, and the `admin` account. Idempotent: existing rows
 * are left as they are.
 */
export async function seedTenant(db: Db, config: Pick<Config, "tenant" | "adminPassword" | "seedDemo" | "seedDemoCases">, pd: PersonalData): Promise<SeedResult> {
  const isXinhong = config.tenant === "xinhong";
  const tenantRow = isXinhong ? XINHONG.tenant : { id: config.tenant, name: config.tenant, nameEn: config.tenant, divisionCode: "000000000000" };
  return db.transaction(async (tx) => {
    // A new tenant starts with the current catalog: its roles get today's defaults below.
    await tx
      .insert(tenants)
      .values({ ...tenantRow, catalogPermissions: [...PERMISSIONS] })
      .onConflictDoNothing();
    for (const [code, role] of Object.entries(SYSTEM_ROLES)) {
      await tx
        .insert(roles)
        .values({ tenantId: tenantRow.id, code, nameZh: role["zh-CN"], nameEn: role.en, permissions: role.permissions, isSystem: true })
        .onConflictDoNothing();
    }
    await upgradeSystemRolePermissions(tx, tenantRow.id);
    // The case dictionary and the holiday calendar: product data every tenant starts with.
    await seedCategories(tx, tenantRow.id);
    await seedCalendar(tx, tenantRow.id);
    let demo: DemoSeedResult | null = null;
    let [root] = await tx.select().from(grids).where(and(eq(grids.tenantId, tenantRow.id), eq(grids.level, 1))).limit(1);
    if (!root) {
      const id = randomUUID();
      const rootDef = isXinhong ? XINHONG.root : { code: tenantRow.divisionCode, name: tenantRow.name };
      [root] = await tx.insert(grids).values({ tenantId: tenantRow.id, id, parentId: null, path: `/${id}/`, level: 1, code: rootDef.code, name: rootDef.name }).returning();
      if (isXinhong && config.seedDemo) {
        demo = await seedXinhongDemo(tx, tenantRow.id, pd);
        demo.cases = config.seedDemoCases ? await seedDemoCases(tx, tenantRow.id, pd) : null;
        await tx.insert(auditLog).values({
          tenantId: tenantRow.id,
          at: new Date(),
          actorLabel: "system",
          action: "demo.seed",
          entityType: "tenant",
          entityId: tenantRow.id,
          gridId: root!.id,
          after: { dataset: "xinhong", outcome: demo.outcome, grids: demo.grids, ...demo.network, ...(demo.cases ? { cases: demo.cases } : {}) },
        });
      }
    }
    const [admin] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantRow.id), eq(users.username, "admin")));
    if (admin) return { generatedAdminPassword: null, createdAdmin: false, demo };
    const password = config.adminPassword ?? randomBytes(12).toString("base64url");
    const [adminRole] = await tx.select().from(roles).where(and(eq(roles.tenantId, tenantRow.id), eq(roles.code, "subdistrict_admin")));
    const [user] = await tx
      .insert(users)
      .values({ tenantId: tenantRow.id, username: "admin", displayName: "系统管理员", passwordHash: await hashPassword(password), gridId: root!.id })
      .returning();
    await tx.insert(userRoles).values({ tenantId: tenantRow.id, userId: user!.id, roleId: adminRole!.id, scope: "all" });
    await tx.insert(auditLog).values({
      tenantId: tenantRow.id,
      at: new Date(),
      actorLabel: "system",
      action: "user.create",
      entityType: "user",
      entityId: user!.id,
      gridId: root!.id,
      after: { username: "admin", roles: [{ role: "subdistrict_admin", scope: "all" }] },
    });
    return { generatedAdminPassword: config.adminPassword ? null : password, createdAdmin: true, demo };
  });
}
