import { buildGridIndex, GRID_LEVEL, type GridGeometry, type GridIndex } from "@caihong/domain";
import type { Db } from "../../db/client";
import type { PointLocator } from "../../lib/context";
import { findGridVersion, findMicroGridBoundaries, microGridFingerprint } from "./grids.repository";

/** An index with what it was built from: each grid's version and a fingerprint of the set. */
interface BuiltIndex {
  index: GridIndex;
  versions: Map<string, number>;
  fingerprint: string;
}

/** The micro grid a point falls in: its id and materialized path. */
export interface LocatedGrid {
  id: string;
  path: string;
}

// Count and version sum of the current micro grids: creating, redrawing (version + 1) or retiring
// one changes it, so a lookup can tell that another process changed the grids since the build.
const fingerprintOf = (count: number, versionSum: number) => `${count}:${versionSum}`;

/**
 * The in-memory point index over a tenant's current micro grids (retired ones are never indexed),
 * built on first use and rebuilt after `invalidate()`, which every write to grids in this process
 * calls. Each answer is also checked against the database (the found grid's version, or for a
 * point outside every grid the count and version sum of current micro grids), so a change made by
 * another process — `caihong grids import` against the same PostgreSQL — triggers a rebuild too.
 */
export class GridLocator implements PointLocator {
  private built: Promise<BuiltIndex> | undefined;

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
  ) {}

  /** Drops the index; the next lookup rebuilds it from the current rows. */
  invalidate(): void {
    this.built = undefined;
  }

  /** The id of the current micro grid containing WGS84 (lng, lat), or null. */
  async locate(lng: number, lat: number): Promise<string | null> {
    return (await this.locateGrid(lng, lat))?.id ?? null;
  }

  /** The current micro grid containing WGS84 (lng, lat) with its path, or null outside every grid. */
  async locateGrid(lng: number, lat: number): Promise<LocatedGrid | null> {
    // At most one rebuild: the second index is built from the rows the check just read.
    for (let attempt = 0; ; attempt++) {
      const built = await this.current();
      const id = built.index.locate(lng, lat);
      const found = id ? await this.checkGrid(built, id) : await this.checkOutside(built);
      if (found !== "stale" || attempt === 1) return found === "stale" ? null : found;
      this.invalidate();
    }
  }

  private current(): Promise<BuiltIndex> {
    this.built ??= this.build().catch((err: unknown) => {
      this.built = undefined;
      throw err;
    });
    return this.built;
  }

  private async checkGrid(built: BuiltIndex, id: string): Promise<LocatedGrid | "stale"> {
    const row = await findGridVersion(this.db, this.tenantId, id);
    if (!row || row.validTo || row.version !== built.versions.get(id)) return "stale";
    return { id, path: row.path };
  }

  private async checkOutside(built: BuiltIndex): Promise<null | "stale"> {
    const { count, versionSum } = await microGridFingerprint(this.db, this.tenantId, GRID_LEVEL.micro);
    return fingerprintOf(count, versionSum) === built.fingerprint ? null : "stale";
  }

  private async build(): Promise<BuiltIndex> {
    const rows = await findMicroGridBoundaries(this.db, this.tenantId, GRID_LEVEL.micro);
    return {
      index: buildGridIndex(rows.filter((r) => r.boundary).map((r) => ({ id: r.id, geometry: r.boundary as GridGeometry }))),
      versions: new Map(rows.map((r) => [r.id, r.version])),
      fingerprint: fingerprintOf(rows.length, rows.reduce((sum, r) => sum + r.version, 0)),
    };
  }
}
