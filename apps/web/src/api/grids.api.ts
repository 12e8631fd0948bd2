import type { TGridNode } from "@caihong/contracts";
import { api } from "./client";

export function listGrids(): Promise<{ items: TGridNode[] }> {
  return api("/grids");
}
