import fs from "node:fs";
import path from "node:path";
import { constants as zlib } from "node:zlib";
import fastifyCompress from "@fastify/compress";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const API_PREFIXES = ["/api/", "/open311/", "/docs", "/metrics", "/healthz", "/readyz"];

/** Responses smaller than this go out as they are: below ~1 kB the headers cost more than the saving. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/** Vite names every file under assets/ after its content hash: it never changes, so a year and `immutable`. */
export const ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** Everything else (index.html, favicon): the browser keeps a copy but asks every time (ETag, 304). */
export const PAGE_CACHE_CONTROL = "no-cache";

/**
 * How the server talks to browsers: compression of every response (JSON, GeoJSON, HTML, scripts;
 * brotli or gzip by Accept-Encoding), and the built web app at `/` with cache headers that let a
 * browser keep hashed assets for a year and revalidate the page itself. Any other GET for an HTML
 * page falls back to index.html so client-side routes survive a reload. Returns the fallback for
 * the not-found handler.
 *
 * Registered before the modules: the compression hooks are global and apply to the routes added
 * after them. Hashed assets are compressed once at build time at the highest brotli quality
 * (apps/web/vite.config.ts writes `.br` and `.gz` beside them) and served as they are; dynamic
 * responses use brotli quality 4, which is about as fast as gzip and still smaller.
 */
export async function registerWeb(app: FastifyInstance, webDist: string) {
  await app.register(fastifyCompress, {
    global: true,
    encodings: ["br", "gzip"],
    threshold: COMPRESS_THRESHOLD_BYTES,
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
    // Clients send JSON and photos, never compressed bodies: do not inflate what arrives.
    globalDecompression: false,
  });
  const index = path.join(webDist, "index.html");
  const hasBuild = fs.existsSync(index);
  const assetsDir = `${path.sep}assets${path.sep}`;
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      // Our own Cache-Control below; the plugin's default (max-age=0 or maxAge) would replace it.
      cacheControl: false,
      setHeaders(res, file) {
        res.setHeader("Cache-Control", file.includes(assetsDir) ? ASSET_CACHE_CONTROL : PAGE_CACHE_CONTROL);
        // The same URL answers br, gzip or plain bytes: caches on the way must key on the request's encoding.
        res.setHeader("Vary", "Accept-Encoding");
      },
    });
  }
  return function spaFallback(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    const url = request.url.split("?")[0] ?? "/";
    if (API_PREFIXES.some((p) => url.startsWith(p))) return false;
    if (path.extname(url) && url !== "/") return false;
    if (!hasBuild) {
      reply
        .code(503)
        .type("text/html; charset=utf-8")
        .send("<!doctype html><meta charset=utf-8><title>彩虹桥</title><p>网页尚未构建：请运行 <code>npm run build</code>。Web app not built: run <code>npm run build</code>.</p>");
      return true;
    }
    reply.sendFile("index.html");
    return true;
  };
}
