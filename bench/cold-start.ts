import { performance } from "node:perf_hooks";
import { spawnServer, waitUntilListening } from "../apps/api/src/test/server-process";
import { backendsFrom, freshStore, machine, median, memoryOf, parseArgs, startServer, stopServer } from "./support";

/**
 * A first start as `npm start` does it on a new machine: an empty data directory, the Xinhong demo
 * with its six months of cases, node without the tests' flags. Time to the ready sentence; the
 * server's peak resident set (VmHWM) at ready, and its resident set 10 s later.
 */
async function firstStart(backend: "pglite" | "postgres"): Promise<void> {
  const store = await freshStore(backend);
  try {
    const t0 = performance.now();
    const server = spawnServer(
      { CAIHONG_DATA_DIR: store.dataDir, DATABASE_URL: store.databaseUrl, CAIHONG_SEED_DEMO_CASES: "true", LOG_LEVEL: "info" },
      { command: ["--import", "tsx", "apps/api/src/server.ts"], asInProduction: true },
    );
    await waitUntilListening(server);
    await server.waitForLine(/^Caihong is ready/);
    const ready = performance.now() - t0;
    const atReady = memoryOf(server.pid);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const after = memoryOf(server.pid);
    await stopServer(server);
    const steps = server.lines.filter((l) => /^\[ *\d+\.\d s\] /.test(l)).map((l) => l.replace(/ · .*/, ""));
    console.log(`${backend}: first start (empty data directory, demo with cases) ready in ${(ready / 1000).toFixed(1)} s (target < 25 s); steps: ${steps.join(" | ")}`);
    console.log(`${backend}: first start memory: peak ${atReady.peakMb.toFixed(0)} MB (target < 600 on PGlite), RSS at ready ${atReady.rssMb.toFixed(0)} MB, 10 s later ${after.rssMb.toFixed(0)} MB (target < 450 on PGlite)`);
  } finally {
    await store.drop();
  }
}

/**
 * Cold start: time from spawning the server on an existing, initialised data directory (or
 * PostgreSQL database) to the first `/readyz` 200. Prints figures; never asserts.
 *
 * With `--first` it measures the first start instead (time, peak and settled memory).
 *
 *   npm run bench -- cold-start [--db pglite|postgres|both] [--runs 5] [--first]
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const runs = Number(opts.runs ?? 5);
  if (opts.first) {
    console.log(`# First start — ${machine()}`);
    for (const backend of backendsFrom(opts.db ?? "pglite")) await firstStart(backend);
    return;
  }
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
