// Initialises an empty PGlite data directory, then exits: `node --liftoff-only pglite-initdb.mjs DIR`.
// Run by openDatabase (client.ts) in a child process on a first start, because PGlite's initdb grows
// the WebAssembly memory to ~800 MB and a WebAssembly memory never shrinks: done here, the server
// opens an initialised directory at ~240 MB. V8's baseline compiler (--liftoff-only) suits a
// process this short (initdb ~35 % faster). Plain JavaScript: it runs without the TypeScript loader.
import { PGlite } from "@electric-sql/pglite";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: pglite-initdb.mjs DIR\n");
  process.exit(2);
}
const db = await PGlite.create(dir);
await db.close();
