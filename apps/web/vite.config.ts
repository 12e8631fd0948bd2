import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv, type Plugin } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

/** Files worth compressing: text. Pictures and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every text file of
 * the build over 1 kB, once: the server (apps/api/src/plugins/web.ts, `preCompressed`) sends them as
 * they are instead of compressing the same bytes on every request.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "caihong-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const bytes = fs.readFileSync(file);
        if (bytes.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        fs.writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig(({ mode }) => {
  // Where `vite dev` / `vite preview` forward API calls: CAIHONG_API_ORIGIN (environment or
  // apps/web/.env.local) reaches a server on another port; the API's default port otherwise.
  const api = loadEnv(mode, webRoot, "CAIHONG_").CAIHONG_API_ORIGIN || "http://localhost:3000";
  // "/api/" with the slash: a bare "/api" prefix would also swallow the page route /api-keys.
  const proxy = { "/api/": api, "/docs": api, "/healthz": api };

  return {
    plugins: [react(), precompress()],
    resolve: {
      // The contracts package ships TypeScript source; point straight at it so dev and build
      // compile it like our own code instead of expecting a prebuilt dist.
      // `/constants` is the zod-free entry the bundle imports values from (types come from the main entry).
      alias: [
        { find: /^@caihong\/contracts\/constants$/, replacement: fileURLToPath(new URL("../../packages/contracts/src/constants.ts", import.meta.url)) },
        { find: /^@caihong\/contracts$/, replacement: fileURLToPath(new URL("../../packages/contracts/src/index.ts", import.meta.url)) },
        // The domain package is imported by subpath only (`@caihong/domain/geo/coords`, `…/grids`), so
        // a page's chunk takes the rules it uses and gcoord lands only where coordinates are converted.
        { find: /^@caihong\/domain\/grids$/, replacement: fileURLToPath(new URL("../../packages/domain/src/grids/index.ts", import.meta.url)) },
        { find: /^@caihong\/domain\/(geo|grids|cases)\/([a-z-]+)$/, replacement: fileURLToPath(new URL("../../packages/domain/src/", import.meta.url)) + "$1/$2.ts" },
      ],
    },
    server: { proxy },
    preview: { proxy },
    build: {
      outDir: "dist",
      emptyOutDir: true,
      chunkSizeWarningLimit: 1200,
    },
  };
});
