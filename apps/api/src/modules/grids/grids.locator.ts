import { buildGridIndex, type GridGeometry, type GridIndex } from "@caihong/domain";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { grids } from "./grids.table";

/**
 * The in-memory point index over a tenant's current micro grids, built on first use and rebuilt
 * after `invalidate()` (called by anything that changes grids).
 */
export class GridLocator {
  private index: Promise<GridIndex> | undefined;

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
  ) {}

  invalidate(): void {
    this.index = undefined;
  }

  /** The id of the micro grid containing WGS84 (lng, lat), or null. */
  async locate(lng: number, lat: number): Promise<string | null> {
    this.index ??= this.build().catch((err: unknown) => {
      this.index = undefined;
      throw err;
    });
    return (await this.index).locate(lng, lat);
  }

  private async build(): Promise<GridIndex> {
    const rows = await this.db
      .select({ id: grids.id, boundary: grids.boundary })
      .from(grids)
      .where(and(eq(grids.tenantId, this.tenantId), eq(grids.level, 4), isNull(grids.validTo)));
    return buildGridIndex(rows.filter((r) => r.boundary).map((r) => ({ id: r.id, geometry: r.boundary as GridGeometry })));
  }
}
