import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const API_PREFIXES = ["/api/", "/open311/", "/docs", "/metrics", "/healthz", "/readyz"];

/**
 * Serves the built web app at `/`; any other GET for an HTML page falls back to index.html so
 * client-side routes survive a reload. Returns the fallback for the not-found handler.
 */
export async function registerWeb(app: FastifyInstance, webDist: string) {
  const index = path.join(webDist, "index.html");
  const hasBuild = fs.existsSync(index);
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      maxAge: "1h",
      setHeaders(res, file) {
        // Hashed assets never change; index.html must always be revalidated.
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
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
    reply.header("Cache-Control", "no-cache").sendFile("index.html");
    return true;
  };
}
