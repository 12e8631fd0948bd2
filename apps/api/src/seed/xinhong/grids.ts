import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { GRID_LEVEL, GRID_LEVELS, type GridGeometry } from "@caihong/domain";
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { REPO_ROOT } from "../../config/env";
import type { Db } from "../../db/client";
import type { PersonalData } from "../../lib/personal-data";
import { geometryColumns } from "../../modules/grids";
import { grids } from "../../modules/grids/grids.table";
import { partyOrgs } from "../../modules/party/party.table";
import { tenants } from "../../modules/tenants/tenants.table";
import { insertRows } from "../bulk";
import type { DemoCaseCounts } from "./cases";
import { seedDemoNetwork, type NetworkSeedCounts } from "./network";

/** The reference deployment: 新虹街道 (division code 310112008000). */
export const XINHONG = {
  tenant: { id: "xinhong", name: "新虹街道", nameEn: "Xinhong Sub-district", divisionCode: "310112008000" },
  root: { code: "310112008000", name: "新虹街道" },
};

/** The Xinhong demo grid tree, generated deterministically by scripts/generate-demo.ts. */
export const XINHONG_GRIDS_FILE = path.join(REPO_ROOT, "data/demo/xinhong/grids.geojson");

interface DemoGridFeature {
  properties: { code: string; name: string; level: number; type: string; parentCode: string | null; isDemo: boolean };
  geometry: GridGeometry;
}


/** Inserts the demo tree under the root, one INSERT per level (parents before children; codes identify parents). */
async function seedDemoGrids(tx: Db, tenantId: string, root: { id: string; path: string }): Promise<number> {
  const features = (JSON.parse(fs.readFileSync(XINHONG_GRIDS_FILE, "utf8")) as { features: DemoGridFeature[] }).features;
  const byCode = new Map<string, { id: string; path: string }>();
  let inserted = 0;
  for (const level of GRID_LEVELS) {
    const batch = [];
    for (const f of features.filter((x) => x.properties.level === level).sort((a, b) => a.properties.code.localeCompare(b.properties.code))) {
      const p = f.properties;
      if (level === GRID_LEVEL.subdistrict) {
        await tx.update(grids).set({ type: p.type, ...geometryColumns(f.geometry) }).where(and(eq(grids.tenantId, tenantId), eq(grids.id, root.id)));
        byCode.set(p.code, root);
        continue;
      }
      const parent = byCode.get(p.parentCode ?? "");
      if (!parent) throw new Error(`demo grid ${p.code} has no parent ${p.parentCode}`);
      const id = randomUUID();
      const row = { id, path: `${parent.path}${id}/` };
      batch.push({ tenantId, ...row, parentId: parent.id, level: p.level, code: p.code, name: p.name, type: p.type, isDemo: p.isDemo, ...geometryColumns(f.geometry) });
      byCode.set(p.code, row);
    }
    await insertRows(tx, grids, batch);
    inserted += batch.length;
  }
  return inserted;
}

/** What loading the Xinhong demo did: everything, the network on an existing tree, or nothing. */
export type DemoSeedOutcome = "loaded" | "network_added" | "already_present";

export interface DemoSeedResult {
  outcome: DemoSeedOutcome;
  /** Grids inserted below the root (0 unless `loaded`). */
  grids: number;
  /** Rows of the party network inserted (null for `already_present`). */
  network: NetworkSeedCounts | null;
  /** Demo cases inserted by the first start (null when not loaded: turned off, or already there). */
  cases?: DemoCaseCounts | null;
}

/**
 * Loads the Xinhong demo data into a tenant, inside the caller's transaction: the 1/4/29/147 grid
 * tree when only the root exists, then the party network (organisations, people, staff posts,
 * units) when the tenant has no organisation yet. A tenant with organisations is left unchanged.
 * Takes a row lock on the tenant so two loaders cannot both see "empty".
 */
export async function seedXinhongDemo(tx: Db, tenantId: string, pd: PersonalData): Promise<DemoSeedResult> {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
  const [root] = await tx
    .select({ id: grids.id, path: grids.path })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), eq(grids.level, 1), isNull(grids.validTo)))
    .limit(1);
  if (!root) throw new Error(`tenant ${tenantId} has no root grid`);
  const [below] = await tx
    .select({ n: count() })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo), sql`${grids.level} > 1`));
  const addedGrids = below!.n === 0 ? await seedDemoGrids(tx, tenantId, root) : 0;
  const [orgs] = await tx.select({ n: count() }).from(partyOrgs).where(eq(partyOrgs.tenantId, tenantId));
  if (orgs!.n > 0) return { outcome: "already_present", grids: addedGrids, network: null };
  const network = await seedDemoNetwork(tx, tenantId, pd);
  return { outcome: addedGrids > 0 ? "loaded" : "network_added", grids: addedGrids, network };
}

