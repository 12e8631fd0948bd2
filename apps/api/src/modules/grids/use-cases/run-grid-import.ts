import type { ActorContext } from "../../../lib/context";
import { runImport, type ImportDefinition, type ImportProgress, type PlannedChange } from "../../../lib/import";

/** Counts of a grid import (see ZGridImportResult). */
export interface GridImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  redrawn: number;
  retired: number;
  unchanged: number;
}

/** How a grid import runs: check only, and who hears of its progress (a command line; the API ignores it). */
export interface GridImportOptions {
  dryRun: boolean;
  onProgress?(progress: ImportProgress): void;
}

/** The counts of a grid import from its planned changes per action. */
export const gridImportResult = (dryRun: boolean, counts: Record<string, number>): GridImportResult => ({
  dryRun,
  created: counts.create ?? 0,
  updated: counts.update ?? 0,
  redrawn: counts.redraw ?? 0,
  retired: counts.retire ?? 0,
  unchanged: counts.unchanged ?? 0,
});

/**
 * Runs a grid import for an authorized caller. Its write announces the change in the import's
 * transaction, so every process's point index (this one's, the other server workers') is rebuilt
 * after the commit.
 */
export async function runGridImport<Raw, Row, State, Change extends PlannedChange>(
  ctx: ActorContext,
  definition: ImportDefinition<Raw, Row, State, Change>,
  input: unknown,
  options: GridImportOptions,
): Promise<GridImportResult> {
  const announced: ImportDefinition<Raw, Row, State, Change> = {
    ...definition,
    async write(tx, changes, context) {
      await definition.write(tx, changes, context);
      await ctx.locator.changed(tx);
    },
  };
  const outcome = await runImport(announced, input, { db: ctx.db, locale: ctx.locale, dryRun: options.dryRun, onProgress: options.onProgress });
  return gridImportResult(options.dryRun, outcome.counts);
}
