import type { TGridDetail, TGridNode } from "@caihong/contracts";
import type { PersonalData } from "../../lib/personal-data";
import type { findGridSurroundings, GridRow } from "./grids.repository";

type NodeFields = Pick<GridRow, "id" | "parentId" | "level" | "code" | "name" | "type">;

/** A grid as pickers and chains show it. */
export function presentGridNode(g: NodeFields): TGridNode {
  return { id: g.id, parentId: g.parentId, level: g.level, code: g.code, name: g.name, type: g.type };
}

/** The grid card: attributes (contact phone masked), ancestors, organisation, people and counts. */
export function presentGridDetail(
  row: GridRow,
  ancestors: NodeFields[],
  around: Awaited<ReturnType<typeof findGridSurroundings>>,
  pd: PersonalData,
): TGridDetail {
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
