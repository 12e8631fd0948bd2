#!/usr/bin/env node
// The `caihong` command. TypeScript runs through tsx in this same process (no wrapper process),
// so signals sent to `caihong serve` reach the server directly.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
