import { GRID_LEVEL_LABELS, GRID_TYPE_LABELS, type TGridDetail, type TGridFeatureCollection, type TGridGeometry, type TGridNode, type TGridType, type TLocale } from "@caihong/contracts";
import type { PersonalData } from "../../lib/personal-data";
import type { XlsxColumn } from "../../lib/xlsx";
import { typesOfLevel } from "./grids.policy";
import type { GridExportRow, GridRow } from "./grids.repository";

type NodeFields = Pick<GridRow, "id" | "parentId" | "level" | "code" | "name" | "type">;

/** A grid as pickers and chains show it. */
export function presentGridNode(g: NodeFields): TGridNode {
  return { id: g.id, parentId: g.parentId, level: g.level, code: g.code, name: g.name, type: g.type };
}

/** What the grid card shows around a grid: its organisation, people, history and counts (see get-grid). */
export interface GridSurroundings {
  organisation: { id: string; name: string; kind: string } | null;
  responsible: { personId: string; name: string; role: string }[];
  staff: { assignmentId: string; personId: string; name: string; post: string }[];
  history: { validFrom: Date; validTo: Date; areaM2: number | null }[];
  counts: TGridDetail["counts"];
}

/** The grid card: attributes (contact phone masked), ancestors, organisation, people and counts. */
export function presentGridDetail(row: GridRow, ancestors: NodeFields[], around: GridSurroundings, pd: PersonalData): TGridDetail {
  return {
    ...presentGridNode(row),
    type: row.type as TGridDetail["type"],
    areaM2: row.areaM2,
    centroid: row.centroidLng !== null && row.centroidLat !== null ? { lng: row.centroidLng, lat: row.centroidLat } : null,
    contactName: row.contactName,
    contactPhoneMasked: row.contactPhoneEnc ? pd.maskedPhone(row.contactPhoneEnc) : null,
    isDemo: row.isDemo,
    validFrom: row.validFrom.toISOString(),
    validTo: row.validTo?.toISOString() ?? null,
    version: row.version,
    ancestors: ancestors.map(presentGridNode),
    counts: around.counts,
    organisation: around.organisation ? { ...around.organisation, kind: around.organisation.kind as NonNullable<TGridDetail["organisation"]>["kind"] } : null,
    responsible: around.responsible.map((r) => ({ ...r, role: r.role as TGridDetail["responsible"][number]["role"] })),
    staff: around.staff.map((s) => ({ ...s, post: s.post as TGridDetail["staff"][number]["post"] })),
    history: around.history.map((h) => ({ validFrom: h.validFrom.toISOString(), validTo: h.validTo.toISOString(), areaM2: h.areaM2 })),
  };
}

/** The audit snapshot of a grid: attributes and boundary figures, the contact phone masked. */
export function gridAuditSnapshot(row: GridRow, pd: PersonalData) {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    type: row.type,
    parentId: row.parentId,
    contactName: row.contactName,
    contactPhone: row.contactPhoneEnc ? pd.maskedPhone(row.contactPhoneEnc) : null,
    areaM2: row.areaM2 === null ? null : Math.round(row.areaM2 * 10) / 10,
    centroid: row.centroidLng !== null && row.centroidLat !== null ? [row.centroidLng, row.centroidLat] : null,
    validFrom: row.validFrom.toISOString(),
    validTo: row.validTo?.toISOString() ?? null,
  };
}

/** A type's label in a language (the code itself when unknown). */
export const typeLabel = (type: string, locale: TLocale): string => GRID_TYPE_LABELS[type as TGridType]?.[locale] ?? type;

/** The labels of the types a level allows, as one list for a message. */
export const allowedTypes = (level: number, locale: TLocale): string => typesOfLevel(level).map((t) => typeLabel(t, locale)).join(locale === "en" ? ", " : "、");

/**
 * The current grids as a GeoJSON FeatureCollection (boundaries as stored, WGS84). Fed back to
 * the import unchanged, every feature counts as unchanged.
 */
export function presentGridFeatures(rows: GridExportRow[]): TGridFeatureCollection {
  return {
    type: "FeatureCollection",
    features: rows
      .filter((r) => r.boundary)
      .map((r) => ({
        type: "Feature" as const,
        id: r.id,
        properties: { code: r.code, name: r.name, level: r.level, type: r.type as TGridType, parentCode: r.parentCode, isDemo: r.isDemo, organisation: r.organisation },
        geometry: r.boundary as TGridGeometry,
      })),
  };
}

/** Column headers of the attribute workbook, by field and language (the import reads them back). */
export const WORKBOOK_HEADERS = {
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

/** The columns of the attribute workbook: contact phones masked, levels and types as labels. */
export function gridWorkbookColumns(locale: TLocale, pd: PersonalData): XlsxColumn<GridExportRow>[] {
  const h = (field: keyof typeof WORKBOOK_HEADERS) => WORKBOOK_HEADERS[field][locale];
  return [
    { header: h("code"), width: 22, value: (r) => r.code },
    { header: h("name"), width: 28, value: (r) => r.name },
    { header: h("level"), value: (r) => GRID_LEVEL_LABELS[r.level]?.[locale] ?? String(r.level) },
    { header: h("type"), value: (r) => typeLabel(r.type, locale) },
    { header: h("parentCode"), width: 22, value: (r) => r.parentCode },
    { header: h("contactName"), value: (r) => r.contactName },
    { header: h("contactPhone"), width: 16, value: (r) => (r.contactPhoneEnc ? pd.maskedPhone(r.contactPhoneEnc) : null) },
    { header: h("area"), width: 16, value: (r) => (r.areaM2 === null ? null : Math.round(r.areaM2)) },
    { header: h("organisation"), width: 30, value: (r) => r.organisation },
  ];
}
