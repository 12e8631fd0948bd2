import { buildGridIndex, GRID_LEVEL, type GridGeometry, type GridIndex } from "@caihong/domain";
import type { Db } from "../../db/client";
import type { ChangeBus, PointLocator } from "../../lib/context";
import { findMicroGridBoundaries } from "./grids.repository";

/** An index with the path of each grid it holds, and the grids counter it was built under. */
interface BuiltIndex {
  index: GridIndex;
  paths: Map<string, string>;
  version: number;
}

/** The micro grid a point falls in: its id and materialized path. */
export interface LocatedGrid {
  id: string;
  path: string;
}

/**
 * The in-memory point index over a tenant's current micro grids (retired ones are never indexed),
 * built on first use and answering from memory alone. It is dropped on every change to grids the
 * change bus reports — from this process or another (`caihong grids import` on the same
 * PostgreSQL, another server worker), after a lost listening connection, or as soon as a request's
 * session query shows a grids counter this process has not heard of — and rebuilt on the next
 * lookup. Every write to grids calls `changed(tx)` in its transaction.
 */
export class GridLocator implements PointLocator {
  private built: Promise<BuiltIndex> | undefined;

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
    private readonly changes: ChangeBus,
  ) {
    changes.subscribe("grids", (event) => {
      if (event.tenantId === null || event.tenantId === tenantId) this.built = undefined;
    });
  }

  /** Announces a change to grids in its transaction: every process drops its index after the commit. */
  changed(tx: Db): Promise<void> {
    return this.changes.publish(tx, this.tenantId, "grids");
  }

  /**
   * The micro grid containing WGS84 (lng, lat) (null outside every grid) and the tenant's grids
   * counter the index was built under: a write that stores the answer checks in its own statement
   * that the counter has not moved since (the intake), so a redraw committed in between is never missed.
   * `atLeast`: the counter that write found; an index built under an older one is rebuilt first.
   */
  async locateVersioned(lng: number, lat: number, atLeast = 0): Promise<{ gridId: string | null; version: number }> {
    let built = await this.current();
    if (built.version < atLeast) {
      if (this.built && (await this.built) === built) this.built = undefined;
      built = await this.current(atLeast);
    }
    return { gridId: built.index.locate(lng, lat), version: built.version };
  }

  /** The id of the current micro grid containing WGS84 (lng, lat), or null. */
  async locate(lng: number, lat: number): Promise<string | null> {
    return (await this.locateGrid(lng, lat))?.id ?? null;
  }

  /** The current micro grid containing WGS84 (lng, lat) with its path, or null outside every grid. */
  async locateGrid(lng: number, lat: number): Promise<LocatedGrid | null> {
    const { index, paths } = await this.current();
    const id = index.locate(lng, lat);
    return id ? { id, path: paths.get(id)! } : null;
  }

  /** The index, built if need be; `floor`: a counter known to be committed (rows read now are at least that new). */
  private current(floor = 0): Promise<BuiltIndex> {
    if (this.built) return this.built;
    // Assigned before the rows are read: a change heard while they are read drops this very build.
    const building = this.build(floor);
    this.built = building;
    building.catch(() => {
      if (this.built === building) this.built = undefined;
    });
    return building;
  }

  private async build(floor: number): Promise<BuiltIndex> {
    // The counter as heard before the rows are read: the rows are at least that new.
    const version = Math.max(floor, this.changes.version(this.tenantId, "grids"));
    const rows = await findMicroGridBoundaries(this.db, this.tenantId, GRID_LEVEL.micro);
    return {
      index: buildGridIndex(rows.filter((r) => r.boundary).map((r) => ({ id: r.id, geometry: r.boundary as GridGeometry }))),
      paths: new Map(rows.map((r) => [r.id, r.path])),
      version,
    };
  }
}
