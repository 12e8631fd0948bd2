import type { TLocale, ZGridProblem } from "@caihong/contracts";
import type { TopologyProblem, TopologyProblemCode } from "@caihong/domain";
import type { z } from "zod";
import { importRejected, placeOf, type ImportProblem, type ProblemInput, type RowUnit } from "../../lib/import";

/** One problem of the topology report or an import (see ZGridProblem). */
export type TGridProblem = z.infer<typeof ZGridProblem>;

/**
 * Gaps, overlaps and protrusions up to this area (m², each piece or each pair of grids) are
 * accepted as slivers. A fixed 1 m² rather than a figure per edge length: boundaries that share
 * their vertices — the generated demo tree, or any GIS layer drawn with snapping — clip to
 * exactly zero, so the tolerance only has to absorb floating-point noise of the clipping (≈ 1e-9°,
 * a tenth of a millimetre, along a few kilometres of edge: far below 1 m²). Anything larger is a
 * drawing error a person should fix: 1 m² is a 1 cm sliver along a 100 m edge, and no place a
 * resident can report from (a doorway, a parking space) fits inside it.
 */
export const TILING_TOLERANCE_M2 = 1;

const TOPOLOGY_KINDS: Record<TopologyProblemCode, string> = {
  INVALID_RING: "invalid_ring",
  SELF_INTERSECTION: "self_intersection",
  HOLE: "hole",
  CHILD_OVERLAP: "overlap",
  COVERAGE_GAP: "gap",
  CHILD_OUTSIDE_PARENT: "outside_parent",
};

/** A topology problem (grid ids are codes here) as an import problem at a place of the file (or none). */
export function topologyProblem(problem: TopologyProblem, locale: TLocale, row: number | null = null, column: string | null = null): ImportProblem {
  return {
    row,
    column,
    code: TOPOLOGY_KINDS[problem.code],
    message: locale === "en" ? problem.messageEn : problem.messageZh,
    keys: problem.gridIds,
    details: {
      areaM2: problem.areaM2 === undefined ? null : Math.round(problem.areaM2 * 10) / 10,
      location: problem.location ? { lng: problem.location[0], lat: problem.location[1] } : null,
    },
  };
}

type Params = Record<string, string | number>;
type Template = { "zh-CN": (p: Params) => string; en: (p: Params) => string };

/**
 * Messages of the grid imports' own problems; geometry comes from the topology checks, a file that
 * is no FeatureCollection, a missing column and a schema problem from the import engine.
 */
const IMPORT_MESSAGES = {
  duplicate_code: { "zh-CN": (p) => `编码 ${p.code} 在文件中重复出现（首次在 ${p.first}）`, en: (p) => `Code ${p.code} appears more than once (first at ${p.first})` },
  retired_code: { "zh-CN": (p) => `编码 ${p.code} 属于已撤销的网格，编码不能重复使用`, en: (p) => `Code ${p.code} belongs to a retired grid; codes are never reused` },
  retire_unknown: { "zh-CN": (p) => `要撤销的网格 ${p.code} 不存在`, en: (p) => `Grid ${p.code} to retire does not exist` },
  retire_root: { "zh-CN": (p) => `不能撤销街道网格 ${p.code}`, en: (p) => `The sub-district grid ${p.code} cannot be retired` },
  retire_with_children: {
    "zh-CN": (p) => `网格 ${p.code} 仍有未撤销的下级网格（${p.children}），须在同一次导入中一并撤销`,
    en: (p) => `Grid ${p.code} still has current children (${p.children}); retire them in the same import`,
  },
  root_exists: { "zh-CN": (p) => `网格 ${p.code} 缺少上级编码：每个街道只有一个一级网格`, en: (p) => `Grid ${p.code} has no parent code: a sub-district has exactly one level-1 grid` },
  unknown_parent: { "zh-CN": (p) => `网格 ${p.code} 的上级编码 ${p.parent} 既不在文件中也不在系统中`, en: (p) => `Parent code ${p.parent} of grid ${p.code} is neither in the file nor in the system` },
  parent_retired: { "zh-CN": (p) => `网格 ${p.code} 的上级网格 ${p.parent} 已撤销或将被撤销`, en: (p) => `Parent ${p.parent} of grid ${p.code} is retired or being retired` },
  parent_change: {
    "zh-CN": (p) => `网格 ${p.code} 的上级编码应为 ${p.expected}，不能改为 ${p.parent}（网格不能移到其他上级之下）`,
    en: (p) => `Grid ${p.code} has parent ${p.expected}, not ${p.parent} (grids cannot move to another parent)`,
  },
  level_mismatch: { "zh-CN": (p) => `网格 ${p.code} 的层级应为 ${p.expected}，而不是 ${p.level}`, en: (p) => `Grid ${p.code} must be level ${p.expected}, not ${p.level}` },
  code_prefix: { "zh-CN": (p) => `网格编码 ${p.code} 应以上级编码 ${p.parent} 开头`, en: (p) => `Code ${p.code} must start with its parent's code ${p.parent}` },
  code_pattern: { "zh-CN": (p) => `第 ${p.level} 级网格的编码应为 ${p.digits} 位数字：${p.code}`, en: (p) => `Level-${p.level} grid codes have ${p.digits} digits: ${p.code}` },
  type_mismatch: { "zh-CN": (p) => `网格 ${p.code} 的类型 ${p.type} 不适用于第 ${p.level} 级（可用：${p.allowed}）`, en: (p) => `Type ${p.type} of grid ${p.code} does not fit level ${p.level} (allowed: ${p.allowed})` },
  unknown_code: { "zh-CN": (p) => `第 ${p.row} 行：编码 ${p.code} 不存在`, en: (p) => `Row ${p.row}: no grid with code ${p.code}` },
  invalid_value: { "zh-CN": (p) => `第 ${p.row} 行 ${p.column}：${p.message}`, en: (p) => `Row ${p.row}, ${p.column}: ${p.message}` },
  masked_phone: {
    "zh-CN": (p) => `第 ${p.row} 行 ${p.column}：带 * 的号码只能原样保留，请填写完整号码或清空`,
    en: (p) => `Row ${p.row}, ${p.column}: a masked number can only be kept as it is; enter the full number or leave it empty`,
  },
} satisfies Record<string, Template>;

export type ImportProblemKind = keyof typeof IMPORT_MESSAGES;

/** An import problem of a grid file with its localized message; `keys` are the codes of the grids involved. */
export function importProblem(kind: ImportProblemKind, locale: TLocale, keys: string[], row: number | null, column: string | null, params: Params = {}): ProblemInput {
  return { row, column, code: kind, message: (IMPORT_MESSAGES[kind] as Template)[locale](params), keys };
}

/** Problems with the same kind, grids and message are one problem (the first place found is kept). */
export const sameGridProblem = (p: ImportProblem) => `${p.code}|${p.keys.join(",")}|${p.message}`;

/**
 * A problem as the grid contract (ZGridProblem) shows it: `kind` (a row's invalid value of a
 * FeatureCollection is a `schema` problem), the grid codes, and `at`, the place as one dotted
 * string (`features.3.geometry`, `rows.5.名称`, `headers` for a missing column).
 */
export function presentGridProblem(p: ImportProblem, unit: RowUnit): TGridProblem {
  const details = (p.details ?? {}) as { areaM2?: number | null; location?: { lng: number; lat: number } | null };
  return {
    kind: unit === "features" && p.code === "invalid_value" ? "schema" : p.code,
    codes: p.keys,
    at: p.code === "missing_column" ? "headers" : placeOf(unit, p.row, p.column),
    message: p.message,
    areaM2: details.areaM2 ?? null,
    location: details.location ?? null,
  };
}

/** The 422 of a grid import: every problem in the grid contract's shape, nothing written. */
export const gridsRejected = (problems: ImportProblem[], unit: RowUnit) => importRejected(problems, { present: (p) => presentGridProblem(p, unit) });
