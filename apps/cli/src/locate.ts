import { Option, type Command } from "commander";
import { CliError } from "./errors";

/** `caihong locate LNG LAT`: which grid a point is in, from the same index the server uses. */
export function addLocateCommand(program: Command): void {
  program
    .command("locate")
    .description("Which grid is this point in? Prints the chain from the sub-district down to the micro grid, or says the point is outside")
    .argument("<lng>", "longitude, e.g. 121.3219")
    .argument("<lat>", "latitude, e.g. 31.1944")
    .addOption(new Option("--crs <crs>", "coordinate system of LNG LAT: wgs84 (GPS), gcj02 (AMap/Tencent/WeChat), bd09 (Baidu)").choices(["wgs84", "gcj02", "bd09"]).default("wgs84"))
    .action(async (lng: string, lat: string, options: { crs: string }) => {
      const { ZLocateQuery } = await import("@caihong/contracts");
      const { loadConfig, locatePoint } = await import("@caihong/api");
      const { cliContext } = await import("./context");
      const { requireReady, withDatabase } = await import("./database");
      const parsed = ZLocateQuery.safeParse({ lng, lat, crs: options.crs });
      if (!parsed.success) throw new CliError(`invalid coordinates: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const result = await locatePoint(await cliContext(config, database), parsed.data);
        const point = `WGS84 ${result.wgs84.lng.toFixed(6)}, ${result.wgs84.lat.toFixed(6)}`;
        if (!result.isInside) {
          process.stdout.write(`${result.message} (${point})\n`);
          return;
        }
        const micro = result.chain.at(-1)!;
        process.stdout.write(`${result.chain.map((g) => g.name).join(" › ")}\n`);
        process.stdout.write(`${micro.code} (${point})\n`);
      });
    });
}
