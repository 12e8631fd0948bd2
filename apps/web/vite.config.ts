import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The contracts package ships TypeScript source; point straight at it so dev and build
    // compile it like our own code instead of expecting a prebuilt dist.
    alias: {
      "@caihong/contracts": fileURLToPath(new URL("../../packages/contracts/src/index.ts", import.meta.url)),
    },
  },
  server: {
    proxy: {
      "/api": api,
      "/docs": api,
      "/healthz": api,
    },
  },
  preview: {
    proxy: {
      "/api": api,
      "/docs": api,
      "/healthz": api,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
});
