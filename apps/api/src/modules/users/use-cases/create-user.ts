import type { TCreateUserRequest, TUser } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { hashPassword } from "../../../lib/passwords";
import { assertInScope, authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { recordAudit } from "../../audit";
import { insertAssignments } from "../../roles";
import { auditSnapshot, presentUser } from "../users.presenter";
import { findTakenField, findUserById, insertUser } from "../users.repository";
import { checkAssignments } from "./check-assignments";

/** Creates a staff account with role assignments; the initial password must be changed at first sign-in. */
export async function createUser(ctx: ActorContext, input: TCreateUserRequest): Promise<TUser> {
  const scope = authorize(ctx.actor, "users.write");
  const tenantId = ctx.actor.tenantId;
  const gridPath = input.gridId ? await getGridPath(ctx.db, tenantId, input.gridId) : null;
  assertInScope(scope, { gridPath, gridId: input.gridId ?? null, ownerId: null });
  const assignments = await checkAssignments(ctx.db, ctx, scope, input.roles);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const phoneHash = input.phone ? ctx.pd.hash("phone", input.phone) : null;
    const taken = await findTakenField(tx, tenantId, input.username, phoneHash);
    if (taken) {
      throw new AppError("ALREADY_EXISTS", taken === "username" ? msg("用户名已被使用", "Username taken") : msg("手机号已被使用", "Phone already in use"), {
        errors: [{ path: `body.${taken}`, message: "field.taken" }],
      });
    }
    const id = await insertUser(tx, tenantId, {
      username: input.username,
      displayName: input.displayName,
      phoneEnc: input.phone ? ctx.pd.encrypt(input.phone) : null,
      phoneHash,
      gridId: input.gridId ?? null,
      passwordHash,
      mustChangePassword: true,
      createdAt: now,
      updatedAt: now,
    });
    await insertAssignments(tx, tenantId, id, assignments, now);
    const row = (await findUserById(tx, tenantId, id))!;
    const dto = presentUser(row, ctx.pd, ctx.locale);
    await recordAudit(tx, ctx, { action: "user.create", entityType: "user", entityId: id, gridId: row.gridId, after: auditSnapshot(dto) });
    return dto;
  });
}
