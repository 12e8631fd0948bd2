import { randomBytes } from "node:crypto";
import { SYSTEM_ROLES } from "@caihong/contracts";
import { and, eq } from "drizzle-orm";
import type { Config } from "../../config/env";
import type { Db } from "../../db/client";
import { hashPassword } from "../../lib/passwords";
import { auditLog } from "../audit/audit.table";
import { grids } from "../grids/grids.table";
import { roles, userRoles } from "../roles/roles.table";
import { users } from "../users/users.table";
import { tenants } from "./tenants.table";

/** The reference deployment: 新虹街道 and its four disposal grids (names from the 2021 report). */
const XINHONG = {
  tenant: { id: "xinhong", name: "新虹街道", nameEn: "Xinhong Sub-district", divisionCode: "310112008000" },
  root: { code: "310112008000", name: "新虹街道" },
  disposalGrids: [
    { code: "31011200800001", name: "爱博片区" },
    { code: "31011200800002", name: "华美片区" },
    { code: "31011200800003", name: "枢纽片区" },
    { code: "31011200800004", name: "航华片区" },
  ],
};

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
      if (isXinhong && config.seedDemo) {
        for (const g of XINHONG.disposalGrids) {
          const childId = crypto.randomUUID();
          await tx.insert(grids).values({ tenantId: tenantRow.id, id: childId, parentId: id, path: `/${id}/${childId}/`, level: 2, code: g.code, name: g.name });
        }
      }
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
