/**
 * Regenerates data/demo/xinhong/grids.geojson from the estimated outline with the deterministic
 * generator in packages/domain. The output is checked in; a test guards that it matches.
 *
 *   node --import tsx scripts/generate-demo.ts
 */
import fs from "node:fs";
import path from "node:path";
import { generateXinhongGrids, type XinhongOutline } from "@caihong/domain";

const dir = path.resolve(import.meta.dirname, "../data/demo/xinhong");
const outline = JSON.parse(fs.readFileSync(path.join(dir, "outline.geojson"), "utf8")) as XinhongOutline;
const grids = generateXinhongGrids(outline);
const collection = {
  type: "FeatureCollection",
  features: grids.map(({ geometry, ...properties }) => ({ type: "Feature", properties, geometry })),
};
fs.writeFileSync(path.join(dir, "grids.geojson"), JSON.stringify(collection) + "\n");
console.log(`wrote ${grids.length} grids to ${path.join(dir, "grids.geojson")}`);
