import { GRID_TYPE_LABELS, GRID_TYPES, ZUpdateGridRequest, zText, type TGridType } from "@caihong/contracts";
import { recordAudit } from "../../audit";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { xlsxSource, type ImportDefinition, type ImportProblems, type ParsedRow, type XlsxRow } from "../../../lib/import";
import { maskPhone } from "../../../lib/personal-data";
import { authorize } from "../../../lib/policy";
import { localizeIssue } from "../../../lib/validation";
import { assertChangesInScope, fitsLevel } from "../grids.policy";
import { allowedTypes, gridAuditSnapshot, typeLabel, WORKBOOK_HEADERS } from "../grids.presenter";
import { gridsRejected, importProblem } from "../grids.problems";
import { findAllGridRows, lockGridVersion, updateGridColumns, type GridColumns, type GridRow } from "../grids.repository";
import { gridImportResult, runGridImport, type GridImportOptions, type GridImportResult } from "./run-grid-import";

type Field = "code" | "name" | "type" | "contactName" | "contactPhone";
type Row = ParsedRow<XlsxRow<Field>, XlsxRow<Field>>;

/** What the import does to one grid: update some attributes, or nothing. */
type Change = { action: "update"; grid: GridRow; patch: GridColumns } | { action: "unchanged"; grid: GridRow };

/** The columns the import reads (headers of export.xlsx in either language, and a few common names). */
const columns = xlsxSource<Field>({
  code: { headers: ["编码", "网格编码", "code", "gridcode"], label: WORKBOOK_HEADERS.code, required: true },
  name: { headers: ["名称", "网格名称", "name"], label: WORKBOOK_HEADERS.name },
  type: { headers: ["类型", "网格类型", "type"], label: WORKBOOK_HEADERS.type },
  contactName: { headers: ["联系人", "contact", "contactname"], label: WORKBOOK_HEADERS.contactName },
  contactPhone: { headers: ["联系电话", "电话", "contactphone", "phone"], label: WORKBOOK_HEADERS.contactPhone },
});

/** Type codes by every label they are known under (zh-CN, en, the code itself). */
const TYPE_BY_LABEL = new Map<string, TGridType>(
  GRID_TYPES.flatMap((t) => [
    [t.toLowerCase(), t],
    [GRID_TYPE_LABELS[t]["zh-CN"].toLowerCase(), t],
    [GRID_TYPE_LABELS[t].en.toLowerCase(), t],
  ]),
);

const zGridName = zText(1, 60);
const zContactName = zText(1, 40);
const zContactPhone = ZUpdateGridRequest.shape.contactPhone.unwrap().unwrap();

const samePhone = (a: string, b: string) => a.replace(/[\s-]/g, "") === b.replace(/[\s-]/g, "");

/** Checks one row's cells against its grid and plans the attributes that change. */
function planRow(ctx: ActorContext, r: Row, grid: GridRow, problems: ImportProblems): Change | null {
  const { locale } = problems;
  const { cells, columns: headers } = r.value;
  const code = r.key!;
  const invalid = (field: Field, message: string) => problems.add(importProblem("invalid_value", locale, [code], r.row, headers[field]!, { row: r.row, column: headers[field]!, message }));
  const before = problems.count;
  const patch: GridColumns = {};
  if (cells.name !== undefined) {
    const parsed = zGridName.safeParse(cells.name);
    if (!parsed.success) invalid("name", localizeIssue(parsed.error.issues[0]!, locale));
    else if (parsed.data !== grid.name) patch.name = parsed.data;
  }
  if (cells.type !== undefined) {
    const type = TYPE_BY_LABEL.get(cells.type.trim().toLowerCase());
    if (!type) invalid("type", locale === "en" ? `Unknown type "${cells.type}"` : `未知的类型“${cells.type}”`);
    else if (!fitsLevel(type, grid.level)) {
      problems.add(importProblem("type_mismatch", locale, [code], r.row, headers.type!, { code, type: typeLabel(type, locale), level: grid.level, allowed: allowedTypes(grid.level, locale) }));
    } else if (type !== grid.type) patch.type = type;
  }
  if (cells.contactName !== undefined) {
    const parsed = cells.contactName === "" ? null : zContactName.safeParse(cells.contactName);
    if (parsed && !parsed.success) invalid("contactName", localizeIssue(parsed.error.issues[0]!, locale));
    else if ((parsed?.data ?? null) !== grid.contactName) patch.contactName = parsed?.data ?? null;
  }
  const phone = cells.contactPhone;
  if (phone !== undefined) {
    const current = grid.contactPhoneEnc ? ctx.pd.decrypt(grid.contactPhoneEnc) : null;
    if (phone === "") {
      if (current !== null) patch.contactPhoneEnc = null;
    } else if (phone.includes("*")) {
      // A masked number (as exported) may only stay what it is.
      if (!current || maskPhone(current) !== phone.replace(/[\s-]/g, "")) {
        problems.add(importProblem("masked_phone", locale, [code], r.row, headers.contactPhone!, { row: r.row, column: headers.contactPhone! }));
      }
    } else {
      const parsed = zContactPhone.safeParse(phone);
      if (!parsed.success) invalid("contactPhone", localizeIssue(parsed.error.issues[0]!, locale));
      else if (!current || !samePhone(current, parsed.data)) patch.contactPhoneEnc = ctx.pd.encrypt(parsed.data);
    }
  }
  if (problems.count > before) return null;
  return Object.keys(patch).length > 0 ? { action: "update", grid, patch } : { action: "unchanged", grid };
}

/** The attribute workbook import for one caller (see importGridsXlsx). */
function workbookImport(ctx: ActorContext, scope: ReturnType<typeof authorize>): ImportDefinition<XlsxRow<Field>, XlsxRow<Field>, Map<string, GridRow>, Change> {
  const tenantId = ctx.actor.tenantId;
  return {
    source: columns,
    key: (raw) => raw.cells.code || null,
    keyColumn: (raw) => raw.columns.code ?? null,
    parse: (raw, row, _key, problems) => {
      if (raw.cells.code) return raw;
      const column = raw.columns.code!;
      problems.add(importProblem("invalid_value", problems.locale, [], row, column, { row, column, message: problems.locale === "en" ? "Required" : "必填" }));
      return null;
    },
    duplicate: (r, first, problems) => importProblem("duplicate_code", problems.locale, [r.key!], r.row, r.raw.columns.code!, { code: r.key!, first: problems.place(first.row)! }),
    load: async () => new Map((await findAllGridRows(ctx.db, tenantId)).map((g) => [g.code, g])),
    plan: (rows, byCode, problems) =>
      rows.flatMap((r) => {
        const code = r.key!;
        const grid = byCode.get(code);
        const at = r.raw.columns.code!;
        if (!grid) problems.add(importProblem("unknown_code", problems.locale, [code], r.row, at, { row: r.row, code }));
        else if (grid.validTo) problems.add(importProblem("retired_code", problems.locale, [code], r.row, at, { code }));
        const change = grid && !grid.validTo ? planRow(ctx, r, grid, problems) : null;
        return change ? [change] : [];
      }),
    review: (changes) => assertChangesInScope(scope, changes.filter((c) => c.action === "update").map((c) => ({ code: c.grid.code, anchor: c.grid }))),
    write: async (tx, changes, { counts, wrote }) => {
      const now = ctx.clock();
      for (const change of changes) {
        if (change.action !== "update") continue;
        const { grid, patch } = change;
        if ((await lockGridVersion(tx, tenantId, grid.id)) !== grid.version) {
          throw new AppError("VERSION_CONFLICT", msg(`网格 ${grid.code} 在检查期间已被修改，请重新导入`, `Grid ${grid.code} changed while the import was being checked; run it again`));
        }
        const after = await updateGridColumns(tx, tenantId, grid.id, patch, now);
        await recordAudit(tx, ctx, { action: "grid.update", entityType: "grid", entityId: grid.id, gridId: grid.id, before: gridAuditSnapshot(grid, ctx.pd), after: gridAuditSnapshot(after, ctx.pd) });
        wrote();
      }
      await recordAudit(tx, ctx, { action: "grid.import", entityType: "grid", entityId: null, after: { format: "xlsx", ...gridImportResult(false, counts) } });
    },
    reject: (problems) => gridsRejected(problems, "rows"),
  };
}

/**
 * Updates name, type and contact of existing grids from the attribute workbook (the columns of
 * export.xlsx; zh-CN or English headers), matched by 编码 (grids.write, a scope covering every
 * grid it changes). A column left out is left alone; an empty contact cell clears it; a masked
 * phone (as exported) is kept as it is. Every bad row is reported with its row number and nothing
 * is written unless all rows are good.
 */
export async function importGridsXlsx(ctx: ActorContext, file: Buffer, options: GridImportOptions): Promise<GridImportResult> {
  const scope = authorize(ctx.actor, "grids.write");
  return runGridImport(ctx, workbookImport(ctx, scope), file, options);
}
