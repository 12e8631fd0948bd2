import type { ZReadiness } from "@caihong/contracts";
import type { z } from "zod";
import { appliedMigrationCount, shippedMigrationCount, type Database } from "../../../db/client";
import type { DatabaseAvailability } from "../../../lib/db-availability";
import { isDatabaseUnavailable } from "../../../lib/db-errors";

/**
 * Ready when the database answers and carries every migration this build ships. Its query is also
 * a probe of an outage: an answer ends it ("database back"), a lost connection starts or extends it.
 */
export async function checkReadiness(database: Database, shipped = shippedMigrationCount(), availability?: Pick<DatabaseAvailability, "failed" | "answered">): Promise<z.infer<typeof ZReadiness>> {
  // Public: load balancers and orchestrators probe it without credentials.
  try {
    const applied = await appliedMigrationCount(database);
    availability?.answered();
    return { status: applied >= shipped ? "ok" : "unavailable", database: database.kind, migrations: applied };
  } catch (err) {
    if (isDatabaseUnavailable(err)) availability?.failed(err);
    return { status: "unavailable", database: database.kind, migrations: 0 };
  }
}
