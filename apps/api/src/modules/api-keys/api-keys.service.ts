import { randomBytes } from "node:crypto";
import type { TPermission } from "@caihong/contracts";
import { isScopeWithin } from "@caihong/domain";
import { and, desc, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../audit";
import { getGridPath } from "../../lib/scope-sql";
import type { ActorContext } from "../../lib/context";
import { AppError, msg } from "../../lib/errors";
import { authorize } from "../../lib/policy";
import { apiKeys } from "../auth/auth.table";
import { sha256 } from "../auth";

function present(row: typeof apiKeys.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions as TPermission[],
    scope: row.scope,
    gridId: row.gridId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Keys of the tenant; a limited manager sees only the keys they created. */
export async function findApiKeys(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "apikeys.manage");
  const where = scope.kind === "all" ? eq(apiKeys.tenantId, ctx.actor.tenantId) : and(eq(apiKeys.tenantId, ctx.actor.tenantId), eq(apiKeys.createdBy, ctx.actor.userId));
  const rows = await ctx.db.select().from(apiKeys).where(where).orderBy(desc(apiKeys.createdAt));
  return { items: rows.map(present) };
}

/** Mints a key; its permissions and scope may not exceed the creator's. The secret is returned once. */
export async function createApiKey(
  ctx: ActorContext,
  input: { name: string; permissions: TPermission[]; scope: "all" | "subtree" | "grid"; gridId?: string | null; expiresAt?: string | null },
) {
  const scope = authorize(ctx.actor, "apikeys.manage");
  if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN", msg("API 密钥不能再创建密钥", "An API key cannot mint keys"));
  const excess = input.permissions.filter((p) => !ctx.actor.permissions.has(p));
  if (excess.length) throw new AppError("FORBIDDEN", msg(`不能授予自己没有的权限：${excess.join(", ")}`, `Cannot grant permissions you do not hold: ${excess.join(", ")}`));
  const gridPath = input.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, input.gridId) : null;
  if (!isScopeWithin(scope, { scope: input.scope, gridId: input.gridId ?? null, gridPath })) {
    throw new AppError("FORBIDDEN", msg("密钥的数据范围超出了您自己的范围", "The key's scope is wider than your own"));
  }
  if (input.expiresAt && new Date(input.expiresAt) <= ctx.clock()) {
    throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "body.expiresAt", message: "field.mustBeFuture" }] });
  }
  const secret = `chk_${randomBytes(24).toString("base64url")}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        tenantId: ctx.actor.tenantId,
        name: input.name,
        prefix: secret.slice(0, 12),
        keyHash: sha256(secret),
        permissions: [...new Set(input.permissions)],
        scope: input.scope,
        gridId: input.gridId ?? null,
        createdBy: ctx.actor.userId,
        createdAt: ctx.clock(),
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      })
      .returning();
    const dto = present(row!);
    await recordAudit(tx, ctx, { action: "apikey.create", entityType: "api_key", entityId: row!.id, gridId: row!.gridId, after: dto });
    return { ...dto, secret };
  });
}

export async function revokeApiKey(ctx: ActorContext, id: string): Promise<void> {
  const scope = authorize(ctx.actor, "apikeys.manage");
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiKeys).where(and(eq(apiKeys.tenantId, ctx.actor.tenantId), eq(apiKeys.id, id))).for("update");
    if (!row) throw new AppError("NOT_FOUND");
    if (scope.kind !== "all" && row.createdBy !== ctx.actor.userId) throw new AppError("FORBIDDEN");
    if (row.revokedAt) return;
    const [after] = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.clock() })
      .where(and(eq(apiKeys.tenantId, row.tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    await recordAudit(tx, ctx, { action: "apikey.revoke", entityType: "api_key", entityId: id, gridId: row.gridId, before: present(row), after: present(after!) });
  });
}
