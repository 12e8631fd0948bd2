import { geometryColumns } from "./grids.repository";
import { randomUUID } from "node:crypto";
import {
  GRID_LEVEL_LABELS,
  GRID_TYPE_LABELS,
  GRID_TYPES,
  GRID_TYPES_BY_LEVEL,
  ZGridFeature,
  ZUpdateGridRequest,
  zText,
  type TGridFeatureCollection,
  type TGridGeometry,
  type TGridType,
  type TLocale,
} from "@caihong/contracts";
import { checkGeometry, checkTiling, isInScope, type DataScope, type GridGeometry, type Position } from "@caihong/domain";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { AppError, msg } from "../../lib/errors";
import { maskPhone } from "../../lib/personal-data";
import { localizeIssue } from "../../lib/validation";
import { readXlsx, writeXlsx, type ParsedSheet } from "../../lib/xlsx";
import type { GridsContext } from "./grids.context";
import { gridAuditSnapshot } from "./grids.presenter";
import { fromTopology, importProblem, importRejected, TILING_TOLERANCE_M2, uniqueProblems, type ImportProblemKind, type TGridProblem } from "./grids.problems";
import { findAllGridRows, findCurrentGridRows, findOrganisationNames, type GridRow } from "./grids.repository";
import { gridBoundaryHistory, grids } from "./grids.table";

/**
 * Digits of a grid code per level (docs/grid-codes.md): the 12-digit statistical division code of
 * the sub-district (e.g. 310112008000), + 2 digits per disposal grid, + 2 per autonomous grid,
 * + 3 per micro grid; every code starts with its parent's code.
 */
export const GRID_CODE_DIGITS: Record<number, number> = { 1: 12, 2: 14, 3: 16, 4: 19 };

/** Counts of an import (see ZGridImportResult). */
export interface GridImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  redrawn: number;
  retired: number;
  unchanged: number;
}

// ---------------------------------------------------------------------------------------------
// Export

async function parentCodes(db: Db, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: grids.id, code: grids.code }).from(grids).where(eq(grids.tenantId, tenantId));
  return new Map(rows.map((r) => [r.id, r.code]));
}

/**
 * The current grids in scope as a GeoJSON FeatureCollection (boundaries as stored, WGS84). Fed
 * back to the import unchanged, every feature counts as unchanged.
 */
export async function exportGridFeatures(gctx: GridsContext): Promise<TGridFeatureCollection> {
  const rows = await findCurrentGridRows(gctx.db, gctx.tenantId, gctx.scope);
  const codes = await parentCodes(gctx.db, gctx.tenantId);
  const orgs = await findOrganisationNames(gctx.db, gctx.tenantId);
  return {
    type: "FeatureCollection",
    features: rows
      .filter((r) => r.boundary)
      .map((r) => ({
        type: "Feature" as const,
        id: r.id,
        properties: {
          code: r.code,
          name: r.name,
          level: r.level,
          type: r.type as TGridType,
          parentCode: r.parentId ? (codes.get(r.parentId) ?? null) : null,
          isDemo: r.isDemo,
          organisation: orgs.get(r.id) ?? null,
        },
        geometry: r.boundary as TGridGeometry,
      })),
  };
}

/** Column headers of the attribute workbook, by field and language. */
const WORKBOOK_HEADERS = {
  code: { "zh-CN": "编码", en: "Code" },
  name: { "zh-CN": "名称", en: "Name" },
  level: { "zh-CN": "层级", en: "Level" },
  type: { "zh-CN": "类型", en: "Type" },
  parentCode: { "zh-CN": "上级编码", en: "Parent code" },
  contactName: { "zh-CN": "联系人", en: "Contact" },
  contactPhone: { "zh-CN": "联系电话", en: "Contact phone" },
  area: { "zh-CN": "面积（平方米）", en: "Area (m²)" },
  organisation: { "zh-CN": "党组织", en: "Party organisation" },
} as const;

/** The attribute workbook of the current grids in scope: contact phones masked, types as labels. */
export async function exportGridWorkbook(gctx: GridsContext): Promise<Buffer> {
  const { locale, pd } = gctx;
  const rows = await findCurrentGridRows(gctx.db, gctx.tenantId, gctx.scope);
  const codes = await parentCodes(gctx.db, gctx.tenantId);
  const orgs = await findOrganisationNames(gctx.db, gctx.tenantId);
  const h = (field: keyof typeof WORKBOOK_HEADERS) => WORKBOOK_HEADERS[field][locale];
  return writeXlsx<GridRow>(
    locale === "en" ? "Grids" : "网格",
    [
      { header: h("code"), width: 22, value: (r) => r.code },
      { header: h("name"), width: 28, value: (r) => r.name },
      { header: h("level"), value: (r) => GRID_LEVEL_LABELS[r.level]?.[locale] ?? String(r.level) },
      { header: h("type"), value: (r) => GRID_TYPE_LABELS[r.type as TGridType]?.[locale] ?? r.type },
      { header: h("parentCode"), width: 22, value: (r) => (r.parentId ? codes.get(r.parentId) : null) },
      { header: h("contactName"), value: (r) => r.contactName },
      { header: h("contactPhone"), width: 16, value: (r) => (r.contactPhoneEnc ? pd.maskedPhone(r.contactPhoneEnc) : null) },
      { header: h("area"), width: 16, value: (r) => (r.areaM2 === null ? null : Math.round(r.areaM2)) },
      { header: h("organisation"), width: 30, value: (r) => orgs.get(r.id) ?? null },
    ],
    rows,
  );
}

// ---------------------------------------------------------------------------------------------
// GeoJSON import

/** One feature of an import after its schema check (positions reduced to [lng, lat]). */
interface FeatureInput {
  index: number;
  code: string;
  name: string;
  level: number;
  type: TGridType;
  parentCode: string | null;
  isRetired: boolean;
  isDemo: boolean;
  geometry: GridGeometry;
}

/** What an import does to one grid. */
type PlannedChange =
  | { action: "create"; input: FeatureInput }
  | { action: "redraw" | "update" | "retire" | "unchanged"; input: FeatureInput; row: GridRow };

const ZEnvelope = z.object({ type: z.literal("FeatureCollection"), features: z.array(z.unknown()).max(100_000) });

const to2d = (ring: readonly (readonly number[])[]): Position[] => ring.map((p) => [p[0]!, p[1]!]);

/** The geometry with every position reduced to [lng, lat] (an altitude is dropped). */
function normalizeGeometry(g: { type: string; coordinates: unknown }): GridGeometry {
  return g.type === "Polygon"
    ? { type: "Polygon", coordinates: (g.coordinates as number[][][]).map(to2d) }
    : { type: "MultiPolygon", coordinates: (g.coordinates as number[][][][]).map((polygon) => polygon.map(to2d)) };
}

/** Whether a stored boundary is the same geometry (type and every coordinate). */
function sameGeometry(input: GridGeometry, stored: unknown): boolean {
  if (!stored || typeof stored !== "object") return false;
  return JSON.stringify(input) === JSON.stringify(normalizeGeometry(stored as GridGeometry));
}

function schemaProblems(issues: z.core.$ZodIssue[], prefix: string, locale: TLocale, codes: string[]): TGridProblem[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return importProblem("schema", locale, codes, [prefix, field].filter(Boolean).join(".") || null, { field: field || "body", message: localizeIssue(issue, locale) });
  });
}

function codeOf(raw: unknown): string | null {
  const code = (raw as { properties?: { code?: unknown } } | null)?.properties?.code;
  return typeof code === "string" ? code : null;
}

function typeLabel(type: string, locale: TLocale): string {
  return GRID_TYPE_LABELS[type as TGridType]?.[locale] ?? type;
}

function allowedTypes(level: number, locale: TLocale): string {
  return (GRID_TYPES_BY_LEVEL[level as 1 | 2 | 3 | 4] ?? []).map((t) => typeLabel(t, locale)).join(locale === "en" ? ", " : "、");
}

const fitsLevel = (type: string, level: number) => (GRID_TYPES_BY_LEVEL[level as 1 | 2 | 3 | 4] ?? []).includes(type as TGridType);

/** The planned changes of a GeoJSON import, with every problem that does not need geometry. */
interface ImportPlan {
  changes: PlannedChange[];
  problems: TGridProblem[];
  rows: GridRow[];
  byCode: Map<string, GridRow>;
  fileByCode: Map<string, FeatureInput>;
}

/** Reads the body feature by feature and matches it against the stored grids by code. */
async function planFeatureImport(gctx: GridsContext, body: unknown): Promise<ImportPlan> {
  const { locale } = gctx;
  const problems: TGridProblem[] = [];
  const envelope = ZEnvelope.safeParse(body);
  if (!envelope.success) {
    problems.push(importProblem("not_feature_collection", locale, [], null), ...schemaProblems(envelope.error.issues, "", locale, []));
    return { changes: [], problems, rows: [], byCode: new Map(), fileByCode: new Map() };
  }
  const inputs: FeatureInput[] = [];
  envelope.data.features.forEach((raw, index) => {
    const parsed = ZGridFeature.safeParse(raw);
    if (!parsed.success) {
      const code = codeOf(raw);
      problems.push(...schemaProblems(parsed.error.issues, `features.${index}`, locale, code ? [code] : []));
      return;
    }
    const p = parsed.data.properties;
    inputs.push({
      index,
      code: p.code,
      name: p.name,
      level: p.level,
      type: p.type,
      parentCode: p.parentCode,
      isRetired: p.retired === true,
      isDemo: p.isDemo === true,
      geometry: normalizeGeometry(parsed.data.geometry),
    });
  });

  const rows = await findAllGridRows(gctx.db, gctx.tenantId);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const codeById = new Map(rows.map((r) => [r.id, r.code]));
  const fileByCode = new Map<string, FeatureInput>();
  for (const input of inputs) {
    const first = fileByCode.get(input.code);
    if (first) {
      problems.push(importProblem("duplicate_code", locale, [input.code], `features.${input.index}.properties.code`, { code: input.code, first: `features.${first.index}` }));
    } else {
      fileByCode.set(input.code, input);
    }
  }

  const changes: PlannedChange[] = [];
  for (const input of fileByCode.values()) {
    const at = (field: string) => `features.${input.index}.properties.${field}`;
    const report = (kind: ImportProblemKind, field: string, params: Record<string, string | number> = {}) =>
      problems.push(importProblem(kind, locale, [input.code], at(field), { code: input.code, ...params }));
    const checkType = (level: number) => {
      if (!fitsLevel(input.type, level)) report("type_mismatch", "type", { type: typeLabel(input.type, locale), level, allowed: allowedTypes(level, locale) });
    };
    const before = problems.length;
    const row = byCode.get(input.code);
    if (row) {
      if (row.validTo) {
        report("retired_code", "code");
        continue;
      }
      if (input.level !== row.level) report("level_mismatch", "level", { expected: row.level, level: input.level });
      const parentCode = row.parentId ? (codeById.get(row.parentId) ?? null) : null;
      if (input.parentCode !== parentCode) report("parent_change", "parentCode", { expected: parentCode ?? "—", parent: input.parentCode ?? "—" });
      checkType(row.level);
      if (problems.length > before) continue;
      if (input.isRetired) {
        if (row.level === 1) report("retire_root", "retired");
        else changes.push({ action: "retire", input, row });
        continue;
      }
      const isRedrawn = !sameGeometry(input.geometry, row.boundary);
      const isUpdated = input.name !== row.name || input.type !== row.type;
      changes.push({ action: isRedrawn ? "redraw" : isUpdated ? "update" : "unchanged", input, row });
      continue;
    }
    if (input.isRetired) {
      report("retire_unknown", "retired");
      continue;
    }
    if (input.parentCode === null) {
      report("root_exists", "parentCode");
      continue;
    }
    const parentRow = byCode.get(input.parentCode);
    const parentInput = fileByCode.get(input.parentCode);
    if (!parentRow && !parentInput) {
      report("unknown_parent", "parentCode", { parent: input.parentCode });
      continue;
    }
    if (parentRow?.validTo || parentInput?.isRetired) {
      report("parent_retired", "parentCode", { parent: input.parentCode });
      continue;
    }
    const parentLevel = parentRow?.level ?? parentInput!.level;
    if (input.level !== parentLevel + 1) report("level_mismatch", "level", { expected: parentLevel + 1, level: input.level });
    const digits = GRID_CODE_DIGITS[input.level];
    if (digits !== undefined && input.code.length !== digits) report("code_pattern", "code", { level: input.level, digits });
    if (!input.code.startsWith(input.parentCode)) report("code_prefix", "code", { parent: input.parentCode });
    checkType(input.level);
    if (problems.length === before) changes.push({ action: "create", input });
  }

  // A grid retires only as a leaf, or together with all of its current children.
  const retiring = new Set(changes.flatMap((c) => (c.action === "retire" ? [c.row.id] : [])));
  const liveChildren = new Map<string, GridRow[]>();
  for (const r of rows) {
    if (r.parentId && !r.validTo) liveChildren.set(r.parentId, [...(liveChildren.get(r.parentId) ?? []), r]);
  }
  const blocked = new Set<PlannedChange>();
  for (const c of changes) {
    if (c.action !== "retire") continue;
    const staying = (liveChildren.get(c.row.id) ?? []).filter((child) => !retiring.has(child.id)).map((child) => child.code);
    if (staying.length > 0) {
      const list = staying.slice(0, 5).join(", ") + (staying.length > 5 ? ", …" : "");
      problems.push(importProblem("retire_with_children", locale, [c.input.code, ...staying], `features.${c.input.index}.properties.retired`, { code: c.input.code, children: list }));
      blocked.add(c);
    }
  }
  // A refused retirement is left out of the geometry checks, which would only repeat it as a gap.
  return { changes: changes.filter((c) => !blocked.has(c)), problems, rows, byCode, fileByCode };
}

/**
 * FORBIDDEN unless the scope covers every grid the import changes — for a new grid, its nearest
 * ancestor that already exists. Unchanged features are not touched and need no scope.
 */
function assertImportInScope(scope: DataScope, plan: ImportPlan): void {
  if (scope.kind === "all") return;
  const outside: string[] = [];
  for (const change of plan.changes) {
    if (change.action === "unchanged") continue;
    let anchor: GridRow | undefined;
    if (change.action === "create") {
      const seen = new Set<string>();
      let code: string | null = change.input.parentCode;
      while (code && !plan.byCode.has(code) && !seen.has(code)) {
        seen.add(code);
        code = plan.fileByCode.get(code)?.parentCode ?? null;
      }
      anchor = code ? plan.byCode.get(code) : undefined;
    } else {
      anchor = change.row;
    }
    if (!anchor || !isInScope(scope, { gridPath: anchor.path, gridId: anchor.id, ownerId: null })) outside.push(change.input.code);
  }
  if (outside.length > 0) {
    const list = outside.slice(0, 10).join(", ") + (outside.length > 10 ? ", …" : "");
    throw new AppError("FORBIDDEN", msg(`导入涉及您数据范围以外的网格：${list}`, `The import changes grids outside your data scope: ${list}`));
  }
}

/**
 * Geometry problems of the planned tree: each new or redrawn boundary on its own (checkGeometry),
 * then the tiling (checkTiling) of every parent whose set of children, whose children's
 * boundaries or whose own boundary changes — checked on the tree as it would be after the import.
 */
function geometryProblems(plan: ImportPlan, locale: TLocale): TGridProblem[] {
  const problems: TGridProblem[] = [];
  for (const c of plan.changes) {
    if (c.action !== "create" && c.action !== "redraw") continue;
    for (const p of checkGeometry(c.input.code, c.input.geometry)) {
      if (p.severity === "error") problems.push(fromTopology(p, locale, `features.${c.input.index}.geometry`));
    }
  }

  interface Node {
    code: string;
    parentCode: string | null;
    geometry: GridGeometry | null;
  }
  const codeById = new Map(plan.rows.map((r) => [r.id, r.code]));
  const retiring = new Set(plan.changes.flatMap((c) => (c.action === "retire" ? [c.row.code] : [])));
  const tree = new Map<string, Node>();
  for (const r of plan.rows) {
    if (r.validTo || retiring.has(r.code)) continue;
    tree.set(r.code, { code: r.code, parentCode: r.parentId ? (codeById.get(r.parentId) ?? null) : null, geometry: (r.boundary as GridGeometry | null) ?? null });
  }
  const affected = new Set<string>();
  for (const c of plan.changes) {
    if (c.action === "create") {
      tree.set(c.input.code, { code: c.input.code, parentCode: c.input.parentCode, geometry: c.input.geometry });
      affected.add(c.input.parentCode!);
    } else if (c.action === "redraw" || c.action === "retire") {
      if (c.action === "redraw") {
        tree.get(c.row.code)!.geometry = c.input.geometry;
        affected.add(c.row.code);
      }
      const parentCode = c.row.parentId ? codeById.get(c.row.parentId) : undefined;
      if (parentCode) affected.add(parentCode);
    }
  }
  const children = new Map<string, Node[]>();
  for (const node of tree.values()) {
    if (node.parentCode && node.geometry) children.set(node.parentCode, [...(children.get(node.parentCode) ?? []), node]);
  }
  const placeOf = (codes: string[]) => {
    const input = codes.map((code) => plan.fileByCode.get(code)).find(Boolean);
    return input ? `features.${input.index}.geometry` : null;
  };
  for (const code of [...affected].sort()) {
    const parent = tree.get(code);
    const kids = children.get(code) ?? [];
    if (!parent?.geometry || kids.length === 0) continue;
    const found = checkTiling({ id: code, geometry: parent.geometry }, kids.map((k) => ({ id: k.code, geometry: k.geometry! })), { toleranceM2: TILING_TOLERANCE_M2 });
    for (const p of found) if (p.severity === "error") problems.push(fromTopology(p, locale, placeOf(p.gridIds)));
  }
  return problems;
}

function countChanges(changes: { action: string }[], dryRun: boolean): GridImportResult {
  const count = (action: string) => changes.filter((c) => c.action === action).length;
  return { dryRun, created: count("create"), updated: count("update"), redrawn: count("redraw"), retired: count("retire"), unchanged: count("unchanged") };
}

/**
 * Takes the grids table for the rest of the transaction (imports run one at a time, attribute
 * edits wait) and checks that no grid changed since the import was validated.
 */
async function lockUnchangedGrids(tx: Db, tenantId: string, validated: GridRow[]): Promise<void> {
  await tx.execute(sql`lock table ${grids} in share row exclusive mode`);
  const now = await tx.select({ id: grids.id, version: grids.version }).from(grids).where(eq(grids.tenantId, tenantId));
  const known = new Map(validated.map((r) => [r.id, r.version]));
  if (now.length !== known.size || now.some((r) => known.get(r.id) !== r.version)) {
    throw new AppError("VERSION_CONFLICT", msg("网格在检查期间已被修改，请重新导入", "Grids changed while the import was being checked; run it again"));
  }
}

/**
 * Imports a GeoJSON FeatureCollection of grids, matched by code: new codes create grids, a changed
 * boundary redraws a grid (the old one goes to the boundary history), `retired: true` retires it,
 * a changed name or type updates it. Everything is checked first — schema per feature, codes,
 * parents, levels, types, scope, geometry and the tiling of every parent concerned — and any
 * problem rejects the whole file with 422 listing them all; otherwise it lands in one transaction
 * with an audit entry per changed grid and one for the import.
 */
export async function importGridFeatures(gctx: GridsContext, body: unknown, options: { dryRun: boolean }): Promise<GridImportResult> {
  const plan = await planFeatureImport(gctx, body);
  assertImportInScope(gctx.scope, plan);
  const problems = uniqueProblems([...plan.problems, ...geometryProblems(plan, gctx.locale)]);
  if (problems.length > 0) throw importRejected(problems);
  const result = countChanges(plan.changes, options.dryRun);
  if (options.dryRun || plan.changes.every((c) => c.action === "unchanged")) return result;

  const { tenantId, pd } = gctx;
  const now = gctx.clock();
  await gctx.db.transaction(async (tx) => {
    await lockUnchangedGrids(tx, tenantId, plan.rows);
    const placed = new Map(plan.rows.map((r) => [r.code, { id: r.id, path: r.path }]));
    const where = (row: GridRow) => and(eq(grids.tenantId, tenantId), eq(grids.id, row.id));
    const creates = plan.changes
      .flatMap((c) => (c.action === "create" ? [c.input] : []))
      .sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
    for (const input of creates) {
      const parent = placed.get(input.parentCode!)!;
      const id = randomUUID();
      const path = `${parent.path}${id}/`;
      const [created] = await tx
        .insert(grids)
        .values({ tenantId, id, parentId: parent.id, path, level: input.level, code: input.code, name: input.name, type: input.type, isDemo: input.isDemo, ...geometryColumns(input.geometry), validFrom: now, createdAt: now, updatedAt: now })
        .returning();
      placed.set(input.code, { id, path });
      await gctx.audit(tx, { action: "grid.create", entityType: "grid", entityId: id, gridId: id, after: gridAuditSnapshot(created!, pd) });
    }
    for (const change of plan.changes) {
      if (change.action === "create" || change.action === "unchanged") continue;
      const { row, input } = change;
      let action: string;
      let patch: Partial<typeof grids.$inferInsert>;
      if (change.action === "redraw") {
        if (row.boundary) {
          await tx.insert(gridBoundaryHistory).values({ tenantId, gridId: row.id, boundary: row.boundary, areaM2: row.areaM2, validFrom: row.validFrom, validTo: now, createdAt: now });
        }
        action = "grid.redraw";
        patch = { ...geometryColumns(input.geometry), name: input.name, type: input.type, validFrom: now };
      } else if (change.action === "retire") {
        action = "grid.retire";
        patch = { validTo: now };
      } else {
        action = "grid.update";
        patch = { name: input.name, type: input.type };
      }
      const [after] = await tx.update(grids).set({ ...patch, updatedAt: now, version: sql`${grids.version} + 1` }).where(where(row)).returning();
      await gctx.audit(tx, { action, entityType: "grid", entityId: row.id, gridId: row.id, before: gridAuditSnapshot(row, pd), after: gridAuditSnapshot(after!, pd) });
    }
    await gctx.audit(tx, { action: "grid.import", entityType: "grid", entityId: null, after: { format: "geojson", ...result } });
  });
  gctx.locator?.invalidate();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Attribute workbook import

type WorkbookField = "code" | "name" | "type" | "contactName" | "contactPhone";

// Headers are matched without case, spaces or a parenthesised note ("联系电话(已脱敏)").
const headerKey = (h: string) => h.replace(/[（(].*?[)）]/g, "").replace(/\s+/g, "").toLowerCase();

const HEADER_ALIASES: Record<WorkbookField, string[]> = {
  code: ["编码", "网格编码", "code", "gridcode"],
  name: ["名称", "网格名称", "name"],
  type: ["类型", "网格类型", "type"],
  contactName: ["联系人", "contact", "contactname"],
  contactPhone: ["联系电话", "电话", "contactphone", "phone"],
};

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

/**
 * Updates name, type and contact of existing grids from the attribute workbook (the columns of
 * export.xlsx; zh-CN or English headers), matched by 编码. A column left out is left alone; an
 * empty contact cell clears it; a masked phone (as exported) is kept as it is. Every bad row is
 * reported with its row number and nothing is written unless all rows are good.
 */
export async function importGridWorkbook(gctx: GridsContext, file: Buffer, options: { dryRun: boolean }): Promise<GridImportResult> {
  const { locale, pd, tenantId } = gctx;
  let sheet: ParsedSheet;
  try {
    sheet = await readXlsx(file);
  } catch {
    throw new AppError("VALIDATION_FAILED", msg("文件不是有效的 Excel 工作簿（.xlsx）", "The file is not a valid Excel workbook (.xlsx)"), {
      errors: [{ path: "body", message: locale === "en" ? "Not an .xlsx workbook" : "不是 .xlsx 工作簿" }],
    });
  }
  const columns = new Map<WorkbookField, string>();
  for (const header of sheet.headers) {
    const key = headerKey(header);
    const field = (Object.keys(HEADER_ALIASES) as WorkbookField[]).find((f) => HEADER_ALIASES[f].includes(key));
    if (field && !columns.has(field)) columns.set(field, header);
  }
  const codeColumn = columns.get("code");
  if (!codeColumn) throw importRejected([importProblem("missing_column", locale, [], "headers", { column: WORKBOOK_HEADERS.code[locale] })]);

  const rows = await findAllGridRows(gctx.db, tenantId);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const problems: TGridProblem[] = [];
  const changes: { row: GridRow; patch: Partial<typeof grids.$inferInsert> }[] = [];
  let unchanged = 0;
  const firstRow = new Map<string, number>();
  for (const { row: rowNumber, values } of sheet.rows) {
    const at = (field: WorkbookField) => `rows.${rowNumber}.${columns.get(field)}`;
    const code = values[codeColumn] ?? "";
    const invalid = (field: WorkbookField, message: string) =>
      problems.push(importProblem("invalid_value", locale, code ? [code] : [], at(field), { row: rowNumber, column: columns.get(field)!, message }));
    if (!code) {
      invalid("code", locale === "en" ? "Required" : "必填");
      continue;
    }
    const first = firstRow.get(code);
    if (first !== undefined) {
      problems.push(importProblem("duplicate_code", locale, [code], at("code"), { code, first: `rows.${first}` }));
      continue;
    }
    firstRow.set(code, rowNumber);
    const grid = byCode.get(code);
    if (!grid) {
      problems.push(importProblem("unknown_code", locale, [code], at("code"), { row: rowNumber, code }));
      continue;
    }
    if (grid.validTo) {
      problems.push(importProblem("retired_code", locale, [code], at("code"), { code }));
      continue;
    }
    const before = problems.length;
    const patch: Partial<typeof grids.$inferInsert> = {};
    const cell = (field: WorkbookField) => {
      const header = columns.get(field);
      return header === undefined ? undefined : (values[header] ?? "");
    };
    const name = cell("name");
    if (name !== undefined) {
      const parsed = zGridName.safeParse(name);
      if (!parsed.success) invalid("name", localizeIssue(parsed.error.issues[0]!, locale));
      else if (parsed.data !== grid.name) patch.name = parsed.data;
    }
    const typeText = cell("type");
    if (typeText !== undefined) {
      const type = TYPE_BY_LABEL.get(typeText.trim().toLowerCase());
      if (!type) invalid("type", locale === "en" ? `Unknown type "${typeText}"` : `未知的类型“${typeText}”`);
      else if (!fitsLevel(type, grid.level)) {
        problems.push(importProblem("type_mismatch", locale, [code], at("type"), { code, type: typeLabel(type, locale), level: grid.level, allowed: allowedTypes(grid.level, locale) }));
      } else if (type !== grid.type) patch.type = type;
    }
    const contactName = cell("contactName");
    if (contactName !== undefined) {
      const parsed = contactName === "" ? null : zContactName.safeParse(contactName);
      if (parsed && !parsed.success) invalid("contactName", localizeIssue(parsed.error.issues[0]!, locale));
      else if ((parsed?.data ?? null) !== grid.contactName) patch.contactName = parsed?.data ?? null;
    }
    const phone = cell("contactPhone");
    if (phone !== undefined) {
      const current = grid.contactPhoneEnc ? pd.decrypt(grid.contactPhoneEnc) : null;
      if (phone === "") {
        if (current !== null) patch.contactPhoneEnc = null;
      } else if (phone.includes("*")) {
        if (!current || maskPhone(current) !== phone.replace(/[\s-]/g, "")) {
          problems.push(importProblem("masked_phone", locale, [code], at("contactPhone"), { row: rowNumber, column: columns.get("contactPhone")! }));
        }
      } else {
        const parsed = zContactPhone.safeParse(phone);
        if (!parsed.success) invalid("contactPhone", localizeIssue(parsed.error.issues[0]!, locale));
        else if (!current || !samePhone(current, parsed.data)) patch.contactPhoneEnc = pd.encrypt(parsed.data);
      }
    }
    if (problems.length > before) continue;
    if (Object.keys(patch).length > 0) changes.push({ row: grid, patch });
    else unchanged++;
  }

  if (gctx.scope.kind !== "all") {
    const outside = changes.filter((c) => !isInScope(gctx.scope, { gridPath: c.row.path, gridId: c.row.id, ownerId: null })).map((c) => c.row.code);
    if (outside.length > 0) {
      const list = outside.slice(0, 10).join(", ") + (outside.length > 10 ? ", …" : "");
      throw new AppError("FORBIDDEN", msg(`导入涉及您数据范围以外的网格：${list}`, `The import changes grids outside your data scope: ${list}`));
    }
  }
  if (problems.length > 0) throw importRejected(problems);
  const result: GridImportResult = { dryRun: options.dryRun, created: 0, updated: changes.length, redrawn: 0, retired: 0, unchanged };
  if (options.dryRun || changes.length === 0) return result;

  const now = gctx.clock();
  await gctx.db.transaction(async (tx) => {
    for (const { row, patch } of changes) {
      const where = and(eq(grids.tenantId, tenantId), eq(grids.id, row.id));
      const [locked] = await tx.select({ version: grids.version }).from(grids).where(where).for("update");
      if (locked?.version !== row.version) throw new AppError("VERSION_CONFLICT", msg(`网格 ${row.code} 在检查期间已被修改，请重新导入`, `Grid ${row.code} changed while the import was being checked; run it again`));
      const [after] = await tx.update(grids).set({ ...patch, updatedAt: now, version: sql`${grids.version} + 1` }).where(where).returning();
      await gctx.audit(tx, { action: "grid.update", entityType: "grid", entityId: row.id, gridId: row.id, before: gridAuditSnapshot(row, pd), after: gridAuditSnapshot(after!, pd) });
    }
    await gctx.audit(tx, { action: "grid.import", entityType: "grid", entityId: null, after: { format: "xlsx", ...result } });
  });
  gctx.locator?.invalidate();
  return result;
}
