import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig(({ mode }) => {
  // Where `vite dev` / `vite preview` forward API calls: CAIHONG_API_ORIGIN (environment or
  // apps/web/.env.local) reaches a server on another port; the API's default port otherwise.
  const api = loadEnv(mode, webRoot, "CAIHONG_").CAIHONG_API_ORIGIN || "http://localhost:3000";
  // "/api/" with the slash: a bare "/api" prefix would also swallow the page route /api-keys.
  const proxy = { "/api/": api, "/docs": api, "/healthz": api };

  return {
    plugins: [react()],
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
