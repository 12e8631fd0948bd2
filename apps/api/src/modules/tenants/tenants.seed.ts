import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { areaM2, bboxOf, centroidOf, type GridGeometry } from "@caihong/domain";
import { SYSTEM_ROLES } from "@caihong/contracts";
import { and, eq } from "drizzle-orm";
import { REPO_ROOT, type Config } from "../../config/env";
import type { Db } from "../../db/client";
import { hashPassword } from "../../lib/passwords";
import { auditLog } from "../audit/audit.table";
import { grids } from "../grids/grids.table";
import { roles, userRoles } from "../roles/roles.table";
import { users } from "../users/users.table";
import { tenants } from "./tenants.table";

/** The reference deployment: 新虹街道 (division code 310112008000). */
const XINHONG = {
  tenant: { id: "xinhong", name: "新虹街道", nameEn: "Xinhong Sub-district", divisionCode: "310112008000" },
  root: { code: "310112008000", name: "新虹街道" },
};

/** The Xinhong demo grid tree, generated deterministically by scripts/generate-demo.ts. */
export const XINHONG_GRIDS_FILE = path.join(REPO_ROOT, "data/demo/xinhong/grids.geojson");

interface DemoGridFeature {
  properties: { code: string; name: string; level: number; type: string; parentCode: string | null; isDemo: boolean };
  geometry: GridGeometry;
}

/** Geometry-derived columns of a grid row: bbox, area and centroid. */
export function geometryColumns(geometry: GridGeometry) {
  const [minLng, minLat, maxLng, maxLat] = bboxOf(geometry);
  const centroid = centroidOf(geometry);
  return { boundary: geometry, minLng, minLat, maxLng, maxLat, areaM2: areaM2(geometry), centroidLng: centroid?.[0] ?? null, centroidLat: centroid?.[1] ?? null };
}

/** Inserts the demo tree under the root (parents before children; codes identify parents). */
async function seedDemoGrids(tx: Db, tenantId: string, root: { id: string; path: string }) {
  const features = (JSON.parse(fs.readFileSync(XINHONG_GRIDS_FILE, "utf8")) as { features: DemoGridFeature[] }).features;
  const byCode = new Map<string, { id: string; path: string }>();
  for (const f of [...features].sort((a, b) => a.properties.level - b.properties.level || a.properties.code.localeCompare(b.properties.code))) {
    const p = f.properties;
    if (p.level === 1) {
      await tx.update(grids).set({ type: p.type, ...geometryColumns(f.geometry) }).where(and(eq(grids.tenantId, tenantId), eq(grids.id, root.id)));
      byCode.set(p.code, root);
      continue;
    }
    const parent = byCode.get(p.parentCode ?? "");
    if (!parent) throw new Error(`demo grid ${p.code} has no parent ${p.parentCode}`);
    const id = crypto.randomUUID();
    const row = { id, path: `${parent.path}${id}/` };
    await tx.insert(grids).values({ tenantId, ...row, parentId: parent.id, level: p.level, code: p.code, name: p.name, type: p.type, isDemo: p.isDemo, ...geometryColumns(f.geometry) });
    byCode.set(p.code, row);
  }
}

export interface SeedResult {
  /** Set when this run created the admin account with a generated password (print it once). */
  generatedAdminPassword: string | null;
  createdAdmin: boolean;
}

/**
 * Makes a tenant usable: the tenant row, its system roles, its root grid (and for Xinhong the
 * four disposal grids) and the `admin` account. Idempotent: existing rows are left as they are.
 */
export async function seedTenant(db: Db, config: Pick<Config, "tenant" | "adminPassword" | "seedDemo">): Promise<SeedResult> {
  const isXinhong = config.tenant === "xinhong";
  const tenantRow = isXinhong ? XINHONG.tenant : { id: config.tenant, name: config.tenant, nameEn: config.tenant, divisionCode: "000000000000" };
  return db.transaction(async (tx) => {
    await tx.insert(tenants).values(tenantRow).onConflictDoNothing();
    for (const [code, role] of Object.entries(SYSTEM_ROLES)) {
      await tx
        .insert(roles)
        .values({ tenantId: tenantRow.id, code, nameZh: role["zh-CN"], nameEn: role.en, permissions: role.permissions, isSystem: true })
        .onConflictDoNothing();
    }
    let [root] = await tx.select().from(grids).where(and(eq(grids.tenantId, tenantRow.id), eq(grids.level, 1))).limit(1);
    if (!root) {
      const id = crypto.randomUUID();
      const rootDef = isXinhong ? XINHONG.root : { code: tenantRow.divisionCode, name: tenantRow.name };
      [root] = await tx.insert(grids).values({ tenantId: tenantRow.id, id, parentId: null, path: `/${id}/`, level: 1, code: rootDef.code, name: rootDef.name }).returning();
      if (isXinhong && config.seedDemo) await seedDemoGrids(tx, tenantRow.id, root!);
    }
    const [admin] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantRow.id), eq(users.username, "admin")));
    if (admin) return { generatedAdminPassword: null, createdAdmin: false };
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
    return { generatedAdminPassword: config.adminPassword ? null : password, createdAdmin: true };
  });
}
