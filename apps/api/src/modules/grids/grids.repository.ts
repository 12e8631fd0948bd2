import { areaM2, bboxOf, centroidOf, type GridGeometry } from "@caihong/domain";
import type { DataScope } from "@caihong/domain";
import { and, asc, countDistinct, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { escapeLike, scopeCondition } from "../../lib/scope-sql";
import { isCurrentUntil } from "../../lib/sql-fragments";
import { partyMemberships, partyOrgs } from "../party/party.table";
import { people, staffAssignments } from "../people/people.table";
import { units } from "../units/units.table";
import { gridBoundaryHistory, grids } from "./grids.table";

/** A grid row as stored. */
export type GridRow = typeof grids.$inferSelect;

/** The WHERE condition of "inside this data scope" on the grids table itself. */
export const gridsInScope = (scope: DataScope): SQL | undefined => scopeCondition(scope, { tenantColumn: grids.tenantId, gridColumn: grids.id });

/** One grid, optionally locked FOR UPDATE (inside a transaction) for a versioned change. */
export async function findGridRow(db: Db, tenantId: string, id: string, forUpdate = false): Promise<GridRow | undefined> {
  const query = db.select().from(grids).where(and(eq(grids.tenantId, tenantId), eq(grids.id, id)));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row;
}

/** Every grid of the tenant, current and retired (imports match codes against all of them). */
export async function findAllGridRows(db: Db, tenantId: string): Promise<GridRow[]> {
  return db.select().from(grids).where(eq(grids.tenantId, tenantId)).orderBy(asc(grids.level), asc(grids.code));
}

/** Current grids inside a scope, in tree order, optionally one level only. */
export async function findCurrentGridRows(db: Db, tenantId: string, scope: DataScope, filter: { level?: number } = {}): Promise<GridRow[]> {
  return db
    .select()
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo), filter.level ? eq(grids.level, filter.level) : undefined, gridsInScope(scope)))
    .orderBy(asc(grids.level), asc(grids.code));
}

/** Nodes (id, parent, level, code, name, type) of the given grids, from the sub-district down. */
export async function findGridNodes(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: grids.id, parentId: grids.parentId, level: grids.level, code: grids.code, name: grids.name, type: grids.type })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), inArray(grids.id, ids)))
    .orderBy(asc(grids.level));
}

/** The party organisation bound to each grid, by grid id. */
export async function findOrganisationNames(db: Db, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.select({ gridId: partyOrgs.gridId, name: partyOrgs.name }).from(partyOrgs).where(eq(partyOrgs.tenantId, tenantId));
  return new Map(rows.map((r) => [r.gridId, r.name]));
}

/**
 * What the grid card shows besides the grid itself, all counted from rows: its organisation, the
 * responsible members (`responsible` in a 党员责任区, the secretary higher up), current staff, and
 * counts of current child grids, current members of its organisation, units on it or below, and
 * current staff. A membership or assignment is current until its end date (isCurrentUntil).
 */
export async function findGridSurroundings(db: Db, row: GridRow) {
  const { tenantId, id } = row;
  const [organisation] = await db
    .select({ id: partyOrgs.id, name: partyOrgs.name, kind: partyOrgs.kind })
    .from(partyOrgs)
    .where(and(eq(partyOrgs.tenantId, tenantId), eq(partyOrgs.gridId, id)));
  const responsibleRole = row.level === 4 ? "responsible" : "secretary";
  const responsible = organisation
    ? await db
        .select({ personId: partyMemberships.personId, name: people.name, role: partyMemberships.role })
        .from(partyMemberships)
        .innerJoin(people, and(eq(people.tenantId, partyMemberships.tenantId), eq(people.id, partyMemberships.personId)))
        .where(
          and(
            eq(partyMemberships.tenantId, tenantId),
            eq(partyMemberships.orgId, organisation.id),
            eq(partyMemberships.role, responsibleRole),
            isCurrentUntil(partyMemberships.toDate),
          ),
        )
        .orderBy(asc(partyMemberships.fromDate), asc(people.name))
    : [];
  const staff = await db
    .select({ assignmentId: staffAssignments.id, personId: staffAssignments.personId, name: people.name, post: staffAssignments.post })
    .from(staffAssignments)
    .innerJoin(people, and(eq(people.tenantId, staffAssignments.tenantId), eq(people.id, staffAssignments.personId)))
    .where(and(eq(staffAssignments.tenantId, tenantId), eq(staffAssignments.gridId, id), isCurrentUntil(staffAssignments.toDate)))
    .orderBy(asc(staffAssignments.post), asc(people.name));
  const [children] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), eq(grids.parentId, id), isNull(grids.validTo)));
  const [members] = organisation
    ? await db
        .select({ n: countDistinct(partyMemberships.personId) })
        .from(partyMemberships)
        .where(and(eq(partyMemberships.tenantId, tenantId), eq(partyMemberships.orgId, organisation.id), isCurrentUntil(partyMemberships.toDate)))
    : [{ n: 0 }];
  const [unitCount] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .innerJoin(grids, and(eq(grids.tenantId, units.tenantId), eq(grids.id, units.gridId)))
    .where(and(eq(units.tenantId, tenantId), sql`${grids.path} like ${escapeLike(row.path) + "%"}`));
  const [staffCount] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staffAssignments)
    .where(and(eq(staffAssignments.tenantId, tenantId), eq(staffAssignments.gridId, id), isCurrentUntil(staffAssignments.toDate)));
  const history = await db
    .select({ validFrom: gridBoundaryHistory.validFrom, validTo: gridBoundaryHistory.validTo, areaM2: gridBoundaryHistory.areaM2 })
    .from(gridBoundaryHistory)
    .where(and(eq(gridBoundaryHistory.tenantId, tenantId), eq(gridBoundaryHistory.gridId, id)))
    .orderBy(desc(gridBoundaryHistory.validTo), desc(gridBoundaryHistory.createdAt));
  return {
    organisation: organisation ?? null,
    responsible,
    staff,
    history,
    counts: { children: Number(children?.n ?? 0), members: Number(members?.n ?? 0), units: Number(unitCount?.n ?? 0), staff: Number(staffCount?.n ?? 0) },
  };
}

/**
 * The current grids in scope as one GeoJSON FeatureCollection text, built by the database: the
 * boundaries go out as stored without a parse/serialize round trip in the API process.
 */
export async function findGridMapText(db: Db, tenantId: string, scope: DataScope, level?: number): Promise<string> {
  // The main table stays unaliased: scopeCondition refers to it as "grids".
  const result = (await db.execute(sql`
    select coalesce(json_agg(json_build_object(
             'type', 'Feature',
             'id', ${grids.id},
             'properties', json_build_object(
               'id', ${grids.id}, 'code', ${grids.code}, 'name', ${grids.name}, 'level', ${grids.level}, 'type', ${grids.type},
               'parentCode', parent.code, 'parentId', ${grids.parentId}, 'organisationName', org.name),
             'geometry', ${grids.boundary})
           order by ${grids.level}, ${grids.code}), '[]'::json)::text as features
      from ${grids}
      left join ${grids} as parent on parent.tenant_id = ${grids.tenantId} and parent.id = ${grids.parentId}
      left join ${partyOrgs} as org on org.tenant_id = ${grids.tenantId} and org.grid_id = ${grids.id}
     where ${and(eq(grids.tenantId, tenantId), isNull(grids.validTo), sql`${grids.boundary} is not null`, level ? eq(grids.level, level) : undefined, gridsInScope(scope))}`)) as unknown as {
    rows: { features: string }[];
  };
  return `{"type":"FeatureCollection","features":${result.rows[0]?.features ?? "[]"}}`;
}

/** Geometry-derived columns of a grid row: bbox, area and centroid. */
export function geometryColumns(geometry: GridGeometry) {
  const [minLng, minLat, maxLng, maxLat] = bboxOf(geometry);
  const centroid = centroidOf(geometry);
  return { boundary: geometry, minLng, minLat, maxLng, maxLat, areaM2: areaM2(geometry), centroidLng: centroid?.[0] ?? null, centroidLat: centroid?.[1] ?? null };
}
