/**
 * `npm run bench -- <name> [options]`: runs one benchmark. Benchmarks print figures and never
 * assert; compare them with the targets they print.
 */
const BENCHMARKS: Record<string, { description: string; load: () => Promise<{ main(args: string[]): Promise<void> }> }> = {
  http: { description: "req/s, p99 and RSS for /healthz and the signed-in user list, PGlite and PostgreSQL", load: () => import("./http") },
  "cold-start": { description: "spawn to /readyz 200 on an initialised data directory (median of 5)", load: () => import("./cold-start") },
  locate: { description: "grid point lookups/s on one core (147 and 50,000 grids) and index build time", load: () => import("./locate") },
  locator: { description: "the app's point → micro grid lookup (index plus its freshness check) in µs per call, PGlite and PostgreSQL", load: () => import("./locator") },
  intake: { description: "POST /api/v1/cases vs a bare INSERT on the same pool, 50 connections, PGlite and PostgreSQL: req/s, p99, ratio", load: () => import("./intake") },
  "open311-clients": { description: "FixMyStreet-style traffic against a server process: formatted phone, multipart and media_url photos, a 2,000-id poll, servicerequestupdates; prints what passed", load: () => import("./open311-clients") },
  evaluation: { description: "考核评价 summary over 1,000,000 generated cases (PostgreSQL; 100,000 on PGlite): p50/p95/max", load: () => import("./evaluation") },
  city: { description: "10,000,000 cases over 200 sub-district tenants on PostgreSQL (bulk load, rollup rebuild); one tenant's 考核评价 from the rollups vs the raw statement: p50/p95, ratio", load: () => import("./city") },
};

const [name, ...args] = process.argv.slice(2);
const bench = name ? BENCHMARKS[name] : undefined;
if (!bench) {
  console.error(`usage: npm run bench -- <name> [options]\n\n${Object.entries(BENCHMARKS).map(([n, b]) => `  ${n.padEnd(12)} ${b.description}`).join("\n")}`);
  process.exit(name ? 1 : 0);
}
await (await bench.load()).main(args);

export {};
