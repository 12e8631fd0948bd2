import { randomBytes, randomUUID } from "node:crypto";
import { GRID_LEVEL, PERMISSIONS, SYSTEM_ROLES, type TPermission } from "@caihong/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { Config } from "../config/env";
import type { Db } from "../db/client";
import { hashPassword } from "../lib/passwords";
import type { PersonalData } from "../lib/personal-data";
import { auditLog } from "../modules/audit/audit.table";
import { grids } from "../modules/grids/grids.table";
import { roles, userRoles } from "../modules/roles/roles.table";
import { tenants } from "../modules/tenants/tenants.table";
import { users } from "../modules/users/users.table";
import { seedCalendar } from "./calendar";
import { silentProgress, type Progress } from "../lib/progress";
import { addSeedCategoryEnglish, markSeedCategoriesPrivate, seedCategories } from "./categories";
import { DEMO_CASES_PERIOD, seedDemoCases } from "./xinhong/cases";
import { XINHONG, seedXinhongDemo, type DemoSeedResult } from "./xinhong/grids";

/**
 * The permission catalog before `tenants.catalog_permissions` existed: a tenant whose stored
 * catalog is null was seeded with exactly these, and is offered every later one once.
 */
export const LEGACY_CATALOG: readonly TPermission[] = PERMISSIONS.slice(0, 8);

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

/**
 * Steps that bring data an older seed wrote up to what the seed writes today, in order; a
 * tenant's `seed_revision` says how many it has had. Add a step at the end, never reorder.
 */
const SEED_UPGRADES: readonly ((tx: Db, tenantId: string) => Promise<unknown>)[] = [
  // 1: English for the seeded category dictionary (standards, extra fields' descriptions and options).
  addSeedCategoryEnglish,
  // 2: the seed's private categories (群租: reported, never published).
  markSeedCategoriesPrivate,
];

/** Runs the seed upgrade steps this tenant has not had yet, once each, and records the revision. */
export async function upgradeSeedData(tx: Db, tenantId: string): Promise<number> {
  const [tenant] = await tx.select({ revision: tenants.seedRevision }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
  if (!tenant) throw new Error(`no tenant ${tenantId}`);
  for (const step of SEED_UPGRADES.slice(tenant.revision)) await step(tx, tenantId);
  if (tenant.revision < SEED_UPGRADES.length) await tx.update(tenants).set({ seedRevision: SEED_UPGRADES.length }).where(eq(tenants.id, tenantId));
  return SEED_UPGRADES.length - Math.min(tenant.revision, SEED_UPGRADES.length);
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
export async function seedTenant(db: Db, config: Pick<Config, "tenant" | "adminPassword" | "seedDemo" | "seedDemoCases">, pd: PersonalData, progress: Progress = silentProgress): Promise<SeedResult> {
  const isXinhong = config.tenant === "xinhong";
  const tenantRow = isXinhong ? XINHONG.tenant : { id: config.tenant, name: config.tenant, nameEn: config.tenant, divisionCode: "000000000000" };
  return db.transaction(async (tx) => {
    // A new tenant starts with the current catalog (its roles get today's defaults below) and the
    // current seed revision (its dictionary is seeded as it is today).
    await tx
      .insert(tenants)
      .values({ ...tenantRow, catalogPermissions: [...PERMISSIONS], seedRevision: SEED_UPGRADES.length })
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
    await upgradeSeedData(tx, tenantRow.id);
    await seedCalendar(tx, tenantRow.id);
    let demo: DemoSeedResult | null = null;
    let [root] = await tx.select().from(grids).where(and(eq(grids.tenantId, tenantRow.id), eq(grids.level, 1))).limit(1);
    if (!root) {
      const id = randomUUID();
      const rootDef = isXinhong ? XINHONG.root : { code: tenantRow.divisionCode, name: tenantRow.name };
      [root] = await tx.insert(grids).values({ tenantId: tenantRow.id, id, parentId: null, path: `/${id}/`, level: GRID_LEVEL.subdistrict, code: rootDef.code, name: rootDef.name }).returning();
      if (isXinhong && config.seedDemo) {
        progress.step("载入新虹街道演示数据：四级网格、党组织网络、驻区单位", "Loading the Xinhong demo: the four-level grid, the party network, the units");
        demo = await seedXinhongDemo(tx, tenantRow.id, pd);
        if (config.seedDemoCases) progress.step("生成六个月的演示案件（2021-05 至 2021-10）及考核统计", "Playing six months of demo cases (2021-05 to 2021-10) and their evaluation counts");
        demo.cases = config.seedDemoCases ? await seedDemoCases(tx, tenantRow.id, pd) : null;
        // Pages open on the demo's last day, where its figures are (docs/adr/0012); clocks keep real time.
        if (demo.cases) await tx.update(tenants).set({ referenceDate: DEMO_CASES_PERIOD.to }).where(eq(tenants.id, tenantRow.id));
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
