import type { TCaseCategory, TCategoryField, TUnitKind, ZCreateCaseCategoryRequest, ZUpdateCaseCategoryRequest } from "@caihong/contracts";
import type { TimeLimit } from "@caihong/domain";
import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { recordAudit } from "../audit";
import type { ActorContext } from "../../lib/context";
import { isUniqueViolation } from "../../lib/db-errors";
import { AppError, msg } from "../../lib/errors";
import { authorize } from "../../lib/policy";
import { fromJsonColumn } from "../../lib/sql-fragments";
import { caseCategories } from "./cases.table";

export type CategoryRow = typeof caseCategories.$inferSelect;

export function presentCategory(r: CategoryRow): TCaseCategory {
  return {
    id: r.id,
    code: r.code,
    parentId: r.parentId,
    level: r.level,
    name: r.name,
    nameEn: r.nameEn,
    description: r.description,
    filingStandard: r.filingStandard,
    closingStandard: r.closingStandard,
    ackLimit: fromJsonColumn<TimeLimit | null>(r.ackLimit),
    handleLimit: fromJsonColumn<TimeLimit | null>(r.handleLimit),
    closeLimit: fromJsonColumn<TimeLimit | null>(r.closeLimit),
    defaultUnitKind: r.defaultUnitKind as TUnitKind | null,
    dedupeRadiusM: r.dedupeRadiusM,
    fields: fromJsonColumn<TCategoryField[]>(r.fields) ?? [],
    keywords: fromJsonColumn<string[]>(r.keywords) ?? [],
    active: r.active,
    position: r.position,
    version: r.version,
  };
}


export async function listCategoryRows(db: Db, tenantId: string): Promise<CategoryRow[]> {
  return db.select().from(caseCategories).where(eq(caseCategories.tenantId, tenantId)).orderBy(asc(caseCategories.code));
}

/** The whole dictionary (any signed-in caller: reporters pick from it). */
export async function listCategories(ctx: Pick<ActorContext, "db" | "tenantId">) {
  return { items: (await listCategoryRows(ctx.db, ctx.tenantId)).map(presentCategory) };
}

export async function findCategory(db: Db, tenantId: string, id: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(caseCategories).where(and(eq(caseCategories.tenantId, tenantId), eq(caseCategories.id, id)));
  return row;
}

type CategoryInput = Partial<z.infer<typeof ZCreateCaseCategoryRequest>>;

/** A 小类 needs a 大类 parent whose code prefixes its own; a 大类 has no parent and no time limits. */
async function checkShape(db: Db, tenantId: string, code: string, parentId: string | null) {
  if (code.length === 2) {
    if (parentId) throw new AppError("UNPROCESSABLE", msg("大类不能有上级分类", "A top-level class has no parent"), { errors: [{ path: "body.parentId", message: "category.parent" }] });
    return 1;
  }
  const parent = parentId ? await findCategory(db, tenantId, parentId) : undefined;
  if (!parent || parent.level !== 1 || !code.startsWith(parent.code)) {
    throw new AppError("UNPROCESSABLE", msg("小类的编码须以其大类编码开头", "A subclass code starts with its class's code"), { errors: [{ path: "body.parentId", message: "category.parent" }] });
  }
  return 2;
}

const taken = (err: unknown) =>
  isUniqueViolation(err, "case_categories_tenant_code_unique") ? new AppError("ALREADY_EXISTS", msg("该分类编码已存在", "This category code exists"), { errors: [{ path: "body.code", message: "field.taken" }] }) : null;

function columns(input: CategoryInput) {
  const cols: Partial<typeof caseCategories.$inferInsert> = {};
  for (const key of ["code", "parentId", "name", "nameEn", "description", "filingStandard", "closingStandard", "ackLimit", "handleLimit", "closeLimit", "defaultUnitKind", "dedupeRadiusM", "fields", "keywords", "active", "position"] as const) {
    if (input[key] !== undefined) (cols as Record<string, unknown>)[key] = input[key];
  }
  return cols;
}

export async function createCategory(ctx: ActorContext, input: z.infer<typeof ZCreateCaseCategoryRequest>) {
  authorize(ctx.actor, "cases.configure");
  try {
    return await ctx.db.transaction(async (tx) => {
      const level = await checkShape(tx, ctx.tenantId, input.code, input.parentId ?? null);
      const [row] = await tx.insert(caseCategories).values({ ...columns(input), tenantId: ctx.tenantId, code: input.code, name: input.name, level, updatedAt: ctx.clock() }).returning();
      const dto = presentCategory(row!);
      await recordAudit(tx, ctx, { action: "case_category.create", entityType: "case_category", entityId: dto.id, after: dto });
      return dto;
    });
  } catch (err) {
    throw taken(err) ?? err;
  }
}

export async function updateCategory(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdateCaseCategoryRequest>) {
  authorize(ctx.actor, "cases.configure");
  try {
    return await ctx.db.transaction(async (tx) => {
      await tx.select({ id: caseCategories.id }).from(caseCategories).where(and(eq(caseCategories.tenantId, ctx.tenantId), eq(caseCategories.id, id))).for("update");
      const row = await findCategory(tx, ctx.tenantId, id);
      if (!row) throw new AppError("NOT_FOUND");
      if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
      const { version: _v, ...fields } = input;
      const level = await checkShape(tx, ctx.tenantId, fields.code ?? row.code, fields.parentId !== undefined ? fields.parentId : row.parentId);
      if (level !== row.level) throw new AppError("UNPROCESSABLE", msg("不能把大类改成小类（或反之）", "A class cannot become a subclass (or back)"), { errors: [{ path: "body.code", message: "category.level" }] });
      const [updated] = await tx
        .update(caseCategories)
        .set({ ...columns(fields), updatedAt: ctx.clock(), version: sql`${caseCategories.version} + 1` })
        .where(and(eq(caseCategories.tenantId, ctx.tenantId), eq(caseCategories.id, id)))
        .returning();
      const dto = presentCategory(updated!);
      await recordAudit(tx, ctx, { action: "case_category.update", entityType: "case_category", entityId: id, before: presentCategory(row), after: dto });
      return dto;
    });
  } catch (err) {
    throw taken(err) ?? err;
  }
}
