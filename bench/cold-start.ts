import { performance } from "node:perf_hooks";
import { backendsFrom, freshStore, machine, median, parseArgs, startServer, stopServer } from "./support";

/**
 * Cold start: time from spawning the server on an existing, initialised data directory (or
 * PostgreSQL database) to the first `/readyz` 200. Prints figures; never asserts.
 *
 *   npm run bench -- cold-start [--db pglite|postgres|both] [--runs 5]
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const runs = Number(opts.runs ?? 5);
  console.log(`# Cold start — ${runs} runs; ${machine()}`);
  for (const backend of backendsFrom(opts.db ?? "pglite")) {
    const store = await freshStore(backend);
    try {
      // First start initialises the directory (PGlite initdb, migrations, seed); not measured.
      const first = performance.now();
      await stopServer((await startServer(store)).server);
      console.log(`${backend}: first start (initialise) ${((performance.now() - first) / 1000).toFixed(2)} s incl. shutdown`);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const { server, baseUrl } = await startServer(store);
        const listening = performance.now();
        // Bounded: readiness is asked a limited number of times, each a real answer, no sleeps.
        let ready = false;
        for (let attempt = 0; attempt < 1000 && !ready; attempt++) ready = (await fetch(`${baseUrl}/readyz`)).status === 200;
        const t1 = performance.now();
        await stopServer(server);
        if (!ready) throw new Error("/readyz never answered 200");
        times.push(t1 - t0);
        console.log(`${backend}: run ${i + 1}: ${((t1 - t0) / 1000).toFixed(2)} s to /readyz 200 (listening after ${((listening - t0) / 1000).toFixed(2)} s)`);
      }
      console.log(`${backend}: median ${(median(times) / 1000).toFixed(2)} s over ${runs} runs (target < 5 s)`);
    } finally {
      await store.drop();
    }
  }
}
