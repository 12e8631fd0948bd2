import { type ZCreateCaseCategoryRequest, type ZUpdateCaseCategoryRequest } from "@caihong/contracts";
import { CATEGORY_LEVEL, type CategoryLevel } from "@caihong/domain";
import type { z } from "zod";
import type { Db } from "../../../db/client";
import type { ActorContext } from "../../../lib/context";
import { isUniqueViolation } from "../../../lib/db-errors";
import { AppError, msg } from "../../../lib/errors";
import { authorizeTenantWide } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { findCategory, insertCategory, listCategoryRows, updateCategory as writeCategory, type CategoryColumns } from "../categories.repository";
import { presentCategory } from "../cases.presenter";

/** The whole dictionary. Any caller, signed in or not (reporters pick from it): no authorization. */
export async function listCategories(ctx: { db: Db; tenantId: string }) {
  return { items: (await listCategoryRows(ctx.db, ctx.tenantId)).map(presentCategory) };
}

type CategoryInput = Partial<z.infer<typeof ZCreateCaseCategoryRequest>>;

/** A 小类 needs a 大类 parent whose code prefixes its own; a 大类 has no parent. Returns the level. */
async function checkShape(db: Db, tenantId: string, code: string, parentId: string | null): Promise<CategoryLevel> {
  if (code.length === 2) {
    if (parentId) throw new AppError("UNPROCESSABLE", msg("大类不能有上级分类", "A top-level class has no parent"), { errors: [{ path: "body.parentId", message: "category.parent" }] });
    return CATEGORY_LEVEL.class;
  }
  const parent = parentId ? await findCategory(db, tenantId, parentId) : undefined;
  if (!parent || parent.level !== CATEGORY_LEVEL.class || !code.startsWith(parent.code)) {
    throw new AppError("UNPROCESSABLE", msg("小类的编码须以其大类编码开头", "A subclass code starts with its class's code"), { errors: [{ path: "body.parentId", message: "category.parent" }] });
  }
  return CATEGORY_LEVEL.subclass;
}

const taken = (err: unknown) =>
  isUniqueViolation(err, "case_categories_tenant_code_unique") ? new AppError("ALREADY_EXISTS", msg("该分类编码已存在", "This category code exists"), { errors: [{ path: "body.code", message: "field.taken" }] }) : null;

function columns(input: CategoryInput): CategoryColumns {
  const cols: CategoryColumns = {};
  for (const key of ["code", "parentId", "name", "nameEn", "description", "filingStandard", "closingStandard", "filingStandardEn", "closingStandardEn", "ackLimit", "handleLimit", "closeLimit", "defaultUnitKind", "dedupeRadiusM", "fields", "keywords", "active", "isPrivate", "position"] as const) {
    if (input[key] !== undefined) (cols as Record<string, unknown>)[key] = input[key];
  }
  return cols;
}

/** Adds a category (cases.configure; audited). */
export async function createCategory(ctx: ActorContext, input: z.infer<typeof ZCreateCaseCategoryRequest>) {
  authorizeTenantWide(ctx.actor, "cases.configure");
  try {
    return await ctx.db.transaction(async (tx) => {
      const level = await checkShape(tx, ctx.tenantId, input.code, input.parentId ?? null);
      const dto = presentCategory(await insertCategory(tx, ctx.tenantId, { ...columns(input), code: input.code, name: input.name, level, updatedAt: ctx.clock() }));
      await recordAudit(tx, ctx, { action: "case_category.create", entityType: "case_category", entityId: dto.id, after: dto });
      await ctx.categories.changed(tx);
      return dto;
    });
  } catch (err) {
    throw taken(err) ?? err;
  }
}

/** Edits a category with optimistic concurrency (cases.configure; audited); a class stays a class. */
export async function updateCategory(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdateCaseCategoryRequest>) {
  authorizeTenantWide(ctx.actor, "cases.configure");
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await findCategory(tx, ctx.tenantId, id, true);
      if (!row) throw new AppError("NOT_FOUND");
      if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
      const { version: _v, ...fields } = input;
      const level = await checkShape(tx, ctx.tenantId, fields.code ?? row.code, fields.parentId !== undefined ? fields.parentId : row.parentId);
      if (level !== row.level) throw new AppError("UNPROCESSABLE", msg("不能把大类改成小类（或反之）", "A class cannot become a subclass (or back)"), { errors: [{ path: "body.code", message: "category.level" }] });
      const dto = presentCategory(await writeCategory(tx, ctx.tenantId, id, { ...columns(fields), updatedAt: ctx.clock() }));
      await recordAudit(tx, ctx, { action: "case_category.update", entityType: "case_category", entityId: id, before: presentCategory(row), after: dto });
      await ctx.categories.changed(tx);
      return dto;
    });
  } catch (err) {
    throw taken(err) ?? err;
  }
}
