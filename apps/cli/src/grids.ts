import { Option, type Command } from "commander";
import { addDatabaseCommandGroup } from "./command-group";
import { CliError } from "./errors";

interface ExportOptions {
  format?: "geojson" | "xlsx";
  out?: string;
}

/** `caihong grids export`: the current grids as GeoJSON (boundaries) or an Excel attribute workbook. */
function addGridsExportCommand(grids: Command): void {
  grids
    .command("export")
    .description("Export the current grids: GeoJSON FeatureCollection (boundaries, re-importable) or Excel workbook (attributes, phones masked)")
    .addOption(new Option("--format <format>", "geojson or xlsx (default: from the --out extension, else geojson)").choices(["geojson", "xlsx"]))
    .option("--out <file>", "write to FILE instead of standard output")
    .action(async (options: ExportOptions) => {
      const fs = await import("node:fs");
      const { exportGridsGeoJson, exportGridsXlsx, loadConfig } = await import("@caihong/api");
      const { cliContext } = await import("./context");
      const { requireReady, withDatabase } = await import("./database");
      const format = options.format ?? (options.out?.toLowerCase().endsWith(".xlsx") ? "xlsx" : "geojson");
      if (format === "xlsx" && !options.out && process.stdout.isTTY) throw new CliError("an Excel workbook is binary: give --out FILE.xlsx (or redirect standard output).");
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const ctx = await cliContext(config, database);
        let output: string | Buffer;
        let count: number;
        if (format === "xlsx") {
          output = await exportGridsXlsx(ctx);
          count = -1;
        } else {
          const collection = await exportGridsGeoJson(ctx);
          output = JSON.stringify(collection);
          count = collection.features.length;
        }
        if (options.out) {
          fs.writeFileSync(options.out, output);
          process.stderr.write(`Wrote ${options.out}${count >= 0 ? ` (${count} grids)` : ""}.\n`);
        } else {
          process.stdout.write(output);
        }
      });
    });
}

/** `caihong grids import`: GeoJSON boundaries or the Excel attribute workbook, checked in full first. */
function addGridsImportCommand(grids: Command): void {
  grids
    .command("import")
    .description("Import grids: a .geojson/.json FeatureCollection (create, redraw, retire by code) or an .xlsx attribute workbook; all or nothing")
    .argument("<file>", "a .geojson/.json or .xlsx file")
    .option("--dry-run", "check everything and print the counts, write nothing")
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const fs = await import("node:fs");
      const { AppError, importGridsGeoJson, importGridsXlsx, loadConfig } = await import("@caihong/api");
      const { cliContext, describeAppError } = await import("./context");
      const { requireReady, withDatabase } = await import("./database");
      const lower = file.toLowerCase();
      const kind = lower.endsWith(".xlsx") ? "xlsx" : lower.endsWith(".geojson") || lower.endsWith(".json") ? "geojson" : null;
      if (!kind) throw new CliError(`${file}: expected a .geojson, .json or .xlsx file.`);
      let content: Buffer;
      try {
        content = fs.readFileSync(file);
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
      }
      let body: unknown = content;
      if (kind === "geojson") {
        try {
          body = JSON.parse(content.toString("utf8"));
        } catch (err) {
          throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
        }
      }
      const config = loadConfig();
      const dryRun = options.dryRun === true;
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const ctx = await cliContext(config, database);
        try {
          const result = kind === "xlsx" ? await importGridsXlsx(ctx, content, { dryRun }) : await importGridsGeoJson(ctx, body, { dryRun });
          const counts = `${result.created} created, ${result.updated} updated, ${result.redrawn} redrawn, ${result.retired} retired, ${result.unchanged} unchanged`;
          process.stdout.write(dryRun ? `Checked ${file} (dry run): ${counts}; nothing written.\n` : `Imported ${file}: ${counts}.\n`);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const problems = (err.extra.extensions?.problems ?? []) as { kind: string; at: string | null; message: string }[];
          for (const p of problems) process.stderr.write(`  ${p.at ?? "-"}  [${p.kind}] ${p.message}\n`);
          throw new CliError(problems.length > 0 ? `${file}: ${problems.length} problem(s) found; nothing was written.` : `${file}: ${describeAppError(err, ctx.locale)}`);
        }
      });
    });
}

/** `caihong grids …`: boundary and attribute exchange without the web app. */
export function addGridsCommand(program: Command): void {
  const grids = addDatabaseCommandGroup(program, "grids", "Export and import the grid tree (GeoJSON boundaries, Excel attributes); changes are audited as 'cli'");
  addGridsExportCommand(grids);
  addGridsImportCommand(grids);
}
