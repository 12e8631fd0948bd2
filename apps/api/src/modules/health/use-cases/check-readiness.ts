import type { ZReadiness } from "@caihong/contracts";
import type { z } from "zod";
import { appliedMigrationCount, shippedMigrationCount, type Database } from "../../../db/client";

/** Ready when the database answers and carries every migration this build ships. */
export async function checkReadiness(database: Database, shipped = shippedMigrationCount()): Promise<z.infer<typeof ZReadiness>> {
  // Public: load balancers and orchestrators probe it without credentials.
  try {
    const applied = await appliedMigrationCount(database);
    return { status: applied >= shipped ? "ok" : "unavailable", database: database.kind, migrations: applied };
  } catch {
    return { status: "unavailable", database: database.kind, migrations: 0 };
  }
}
