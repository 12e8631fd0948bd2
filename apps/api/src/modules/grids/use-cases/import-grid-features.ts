import { ZGridFeature, type TGridType, type TLocale } from "@caihong/contracts";
import { checkGeometry, checkTiling, GRID_LEVEL, type GridGeometry, type Position } from "@caihong/domain";
import { recordAudit } from "../../audit";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { featureSource, type ImportDefinition, type ImportProblems, type ParsedRow } from "../../../lib/import";
import { authorize } from "../../../lib/policy";
import { assertChangesInScope, fitsLevel, GRID_CODE_DIGITS } from "../grids.policy";
import { allowedTypes, gridAuditSnapshot, typeLabel } from "../grids.presenter";
import { gridsRejected, importProblem, sameGridProblem, TILING_TOLERANCE_M2, topologyProblem, type ImportProblemKind } from "../grids.problems";
import { gridImportResult, runGridImport, type GridImportOptions, type GridImportResult } from "./run-grid-import";
import { findAllGridRows, insertBoundaryHistory, insertChildGrid, lockGridsTable, updateGridColumns, geometryColumns, type GridColumns, type GridRow } from "../grids.repository";

/** One feature after its schema check (positions reduced to [lng, lat]). */
interface FeatureInput {
  code: string;
  name: string;
  level: number;
  type: TGridType;
  parentCode: string | null;
  isRetired: boolean;
  isDemo: boolean;
  geometry: GridGeometry;
}

type Feature = ParsedRow<unknown, FeatureInput>;

/** What the import does to one grid. */
type Change = { action: "create"; input: Feature } | { action: "redraw" | "update" | "retire" | "unchanged"; input: Feature; row: GridRow };

/** The stored grids the file is matched against, and the file's features by code. */
interface State {
  rows: GridRow[];
  byCode: Map<string, GridRow>;
  codeById: Map<string, string>;
  fileByCode: Map<string, Feature>;
}

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

const ZFeatureInput = ZGridFeature.transform(
  (f): FeatureInput => ({
    code: f.properties.code,
    name: f.properties.name,
    level: f.properties.level,
    type: f.properties.type,
    parentCode: f.properties.parentCode,
    isRetired: f.properties.retired === true,
    isDemo: f.properties.isDemo === true,
    geometry: normalizeGeometry(f.geometry),
  }),
);

/** Checks each unique feature against the stored grids by code and plans its change. */
function planFeatures(features: Feature[], state: State, problems: ImportProblems): Change[] {
  const { locale } = problems;
  const changes: Change[] = [];
  for (const feature of features) {
    const input = feature.value;
    const report = (kind: ImportProblemKind, field: string, params: Record<string, string | number> = {}) =>
      problems.add(importProblem(kind, locale, [input.code], feature.row, `properties.${field}`, { code: input.code, ...params }));
    const checkType = (level: number) => {
      if (!fitsLevel(input.type, level)) report("type_mismatch", "type", { type: typeLabel(input.type, locale), level, allowed: allowedTypes(level, locale) });
    };
    const before = problems.count;
    const row = state.byCode.get(input.code);
    if (row) {
      if (row.validTo) {
        report("retired_code", "code");
        continue;
      }
      if (input.level !== row.level) report("level_mismatch", "level", { expected: row.level, level: input.level });
      const parentCode = row.parentId ? (state.codeById.get(row.parentId) ?? null) : null;
      if (input.parentCode !== parentCode) report("parent_change", "parentCode", { expected: parentCode ?? "—", parent: input.parentCode ?? "—" });
      checkType(row.level);
      if (problems.count > before) continue;
      if (input.isRetired) {
        if (row.level === GRID_LEVEL.subdistrict) report("retire_root", "retired");
        else changes.push({ action: "retire", input: feature, row });
        continue;
      }
      const isRedrawn = !sameGeometry(input.geometry, row.boundary);
      const isUpdated = input.name !== row.name || input.type !== row.type;
      changes.push({ action: isRedrawn ? "redraw" : isUpdated ? "update" : "unchanged", input: feature, row });
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
    const parentRow = state.byCode.get(input.parentCode);
    const parentInput = state.fileByCode.get(input.parentCode)?.value;
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
    if (problems.count === before) changes.push({ action: "create", input: feature });
  }

  // A grid retires only as a leaf, or together with all of its current children.
  const retiring = new Set(changes.flatMap((c) => (c.action === "retire" ? [c.row.id] : [])));
  const liveChildren = new Map<string, GridRow[]>();
  for (const r of state.rows) {
    if (r.parentId && !r.validTo) liveChildren.set(r.parentId, [...(liveChildren.get(r.parentId) ?? []), r]);
  }
  const blocked = new Set<Change>();
  for (const c of changes) {
    if (c.action !== "retire") continue;
    const staying = (liveChildren.get(c.row.id) ?? []).filter((child) => !retiring.has(child.id)).map((child) => child.code);
    if (staying.length > 0) {
      const list = staying.slice(0, 5).join(", ") + (staying.length > 5 ? ", …" : "");
      problems.add(importProblem("retire_with_children", locale, [c.input.value.code, ...staying], c.input.row, "properties.retired", { code: c.input.value.code, children: list }));
      blocked.add(c);
    }
  }
  // A refused retirement is left out of the geometry checks, which would only repeat it as a gap.
  return changes.filter((c) => !blocked.has(c));
}

/** For each change, the grid whose scope it needs: the grid itself, or for a new grid its nearest ancestor that already exists. */
function scopeAnchors(changes: Change[], state: State) {
  return changes
    .filter((c) => c.action !== "unchanged")
    .map((c) => {
      if (c.action !== "create") return { code: c.input.value.code, anchor: c.row };
      const seen = new Set<string>();
      let code: string | null = c.input.value.parentCode;
      while (code && !state.byCode.has(code) && !seen.has(code)) {
        seen.add(code);
        code = state.fileByCode.get(code)?.value.parentCode ?? null;
      }
      return { code: c.input.value.code, anchor: (code ? state.byCode.get(code) : undefined) ?? null };
    });
}

/**
 * Geometry problems of the planned tree: each new or redrawn boundary on its own (checkGeometry),
 * then the tiling (checkTiling) of every parent whose set of children, whose children's
 * boundaries or whose own boundary changes — checked on the tree as it would be after the import.
 */
function checkGeometries(changes: Change[], state: State, problems: ImportProblems, locale: TLocale): void {
  for (const c of changes) {
    if (c.action !== "create" && c.action !== "redraw") continue;
    for (const p of checkGeometry(c.input.value.code, c.input.value.geometry)) {
      if (p.severity === "error") problems.add(topologyProblem(p, locale, c.input.row, "geometry"));
    }
  }

  interface Node {
    code: string;
    parentCode: string | null;
    geometry: GridGeometry | null;
  }
  const retiring = new Set(changes.flatMap((c) => (c.action === "retire" ? [c.row.code] : [])));
  const tree = new Map<string, Node>();
  for (const r of state.rows) {
    if (r.validTo || retiring.has(r.code)) continue;
    tree.set(r.code, { code: r.code, parentCode: r.parentId ? (state.codeById.get(r.parentId) ?? null) : null, geometry: (r.boundary as GridGeometry | null) ?? null });
  }
  const affected = new Set<string>();
  for (const c of changes) {
    if (c.action === "create") {
      tree.set(c.input.value.code, { code: c.input.value.code, parentCode: c.input.value.parentCode, geometry: c.input.value.geometry });
      affected.add(c.input.value.parentCode!);
    } else if (c.action === "redraw" || c.action === "retire") {
      if (c.action === "redraw") {
        tree.get(c.row.code)!.geometry = c.input.value.geometry;
        affected.add(c.row.code);
      }
      const parentCode = c.row.parentId ? state.codeById.get(c.row.parentId) : undefined;
      if (parentCode) affected.add(parentCode);
    }
  }
  const children = new Map<string, Node[]>();
  for (const node of tree.values()) {
    if (node.parentCode && node.geometry) children.set(node.parentCode, [...(children.get(node.parentCode) ?? []), node]);
  }
  // A tiling problem is placed at the geometry of the first grid it names that the file holds.
  const placeOf = (codes: string[]) => codes.map((code) => state.fileByCode.get(code)).find(Boolean)?.row ?? null;
  for (const code of [...affected].sort()) {
    const parent = tree.get(code);
    const kids = children.get(code) ?? [];
    if (!parent?.geometry || kids.length === 0) continue;
    const found = checkTiling({ id: code, geometry: parent.geometry }, kids.map((k) => ({ id: k.code, geometry: k.geometry! })), { toleranceM2: TILING_TOLERANCE_M2 });
    for (const p of found) {
      if (p.severity !== "error") continue;
      const row = placeOf(p.gridIds);
      problems.add(topologyProblem(p, locale, row, row === null ? null : "geometry"));
    }
  }
}

/** The GeoJSON import of the grid tree for one caller (see importGridsGeoJson). */
function featureImport(ctx: ActorContext, scope: ReturnType<typeof authorize>): ImportDefinition<unknown, FeatureInput, State, Change> {
  const tenantId = ctx.actor.tenantId;
  return {
    source: featureSource(),
    key: (raw) => {
      const code = (raw as { properties?: { code?: unknown } } | null)?.properties?.code;
      return typeof code === "string" ? code : null;
    },
    keyColumn: () => "properties.code",
    parse: ZFeatureInput,
    duplicate: (feature, first, problems) =>
      importProblem("duplicate_code", problems.locale, [feature.key!], feature.row, "properties.code", { code: feature.key!, first: problems.place(first.row)! }),
    load: async (features) => {
      const rows = await findAllGridRows(ctx.db, tenantId);
      return {
        rows,
        byCode: new Map(rows.map((r) => [r.code, r])),
        codeById: new Map(rows.map((r) => [r.id, r.code])),
        fileByCode: new Map(features.map((f) => [f.value.code, f])),
      };
    },
    plan: planFeatures,
    review: (changes, state, problems) => {
      assertChangesInScope(scope, scopeAnchors(changes, state));
      checkGeometries(changes, state, problems, ctx.locale);
    },
    write: async (tx, changes, { state, counts, wrote }) => {
      const now = ctx.clock();
      const versions = await lockGridsTable(tx, tenantId);
      if (versions.size !== state.rows.length || state.rows.some((r) => versions.get(r.id) !== r.version)) {
        throw new AppError("VERSION_CONFLICT", msg("网格在检查期间已被修改，请重新导入", "Grids changed while the import was being checked; run it again"));
      }
      const placed = new Map(state.rows.map((r) => [r.code, { id: r.id, path: r.path, level: r.level }]));
      const creates = changes
        .flatMap((c) => (c.action === "create" ? [c.input.value] : []))
        .sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
      for (const input of creates) {
        const created = await insertChildGrid(tx, tenantId, placed.get(input.parentCode!)!, { code: input.code, name: input.name, type: input.type, isDemo: input.isDemo, geometry: input.geometry }, now);
        placed.set(input.code, { id: created.id, path: created.path, level: created.level });
        await recordAudit(tx, ctx, { action: "grid.create", entityType: "grid", entityId: created.id, gridId: created.id, after: gridAuditSnapshot(created, ctx.pd) });
        wrote();
      }
      for (const change of changes) {
        if (change.action === "create" || change.action === "unchanged") continue;
        const { row } = change;
        const input = change.input.value;
        let patch: GridColumns;
        if (change.action === "redraw") {
          if (row.boundary) await insertBoundaryHistory(tx, tenantId, row, now);
          patch = { ...geometryColumns(input.geometry), name: input.name, type: input.type, validFrom: now };
        } else if (change.action === "retire") {
          patch = { validTo: now };
        } else {
          patch = { name: input.name, type: input.type };
        }
        const after = await updateGridColumns(tx, tenantId, row.id, patch, now);
        await recordAudit(tx, ctx, { action: `grid.${change.action}`, entityType: "grid", entityId: row.id, gridId: row.id, before: gridAuditSnapshot(row, ctx.pd), after: gridAuditSnapshot(after, ctx.pd) });
        wrote();
      }
      await recordAudit(tx, ctx, { action: "grid.import", entityType: "grid", entityId: null, after: { format: "geojson", ...gridImportResult(false, counts) } });
    },
    sameProblem: sameGridProblem,
    reject: (problems) => gridsRejected(problems, "features"),
  };
}

/**
 * Imports a GeoJSON FeatureCollection of grids, matched by code (grids.write, a scope covering
 * every grid it changes): new codes create grids, a changed boundary redraws a grid (the old one
 * goes to the boundary history), `retired: true` retires it, a changed name or type updates it.
 * Everything is checked first — schema per feature, codes, parents, levels, types, scope,
 * geometry and the tiling of every parent concerned — and any problem rejects the whole file with
 * 422 listing them all; otherwise it lands in one transaction with an audit entry per changed
 * grid and one for the import. Its own export comes back as all unchanged.
 */
export async function importGridsGeoJson(ctx: ActorContext, body: unknown, options: GridImportOptions): Promise<GridImportResult> {
  const scope = authorize(ctx.actor, "grids.write");
  return runGridImport(ctx, featureImport(ctx, scope), body, options);
}
