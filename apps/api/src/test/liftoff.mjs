// Test processes (vitest workers, and the server and CLI the tests spawn) are short-lived: they
// spend more CPU tiering PGlite's 9 MB WebAssembly up to TurboFan in background threads than the
// optimised code gives back before they exit. With V8's baseline compiler only, a test process
// that opens PGlite uses about 2 s less CPU (the answers are the same: only the compiler tier
// differs). Loaded by `node --import` (server-process.ts TEST_NODE_ARGS), as a vitest setup file,
// and by global-setup.ts. setFlagsFromString ignores a flag a future V8 might drop.
import v8 from "node:v8";

v8.setFlagsFromString("--liftoff-only");
