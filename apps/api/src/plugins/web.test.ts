import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/harness";
import { ASSET_CACHE_CONTROL, PAGE_CACHE_CONTROL } from "./web";

let t: TestApp;
let dist: string;
const SCRIPT = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(",")}];\n`;

beforeAll(async () => {
  // A built web app of our own: the page, a hashed script and a small file beside the page.
  dist = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-web-"));
  fs.mkdirSync(path.join(dist, "assets"));
  fs.writeFileSync(path.join(dist, "index.html"), `<!doctype html><title>彩虹桥</title><script type="module" src="/assets/app-Bx12ab.js"></script>`);
  fs.writeFileSync(path.join(dist, "assets", "app-Bx12ab.js"), SCRIPT);
  fs.writeFileSync(path.join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  t = await createTestApp({ webDist: dist });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe("cache headers of the web app", () => {
  it("lets the browser keep a hashed asset for a year without asking again", async () => {
    const res = await t.app.inject({ method: "GET", url: "/assets/app-Bx12ab.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe(ASSET_CACHE_CONTROL);
    expect(res.body).toBe(SCRIPT);
  });

  it("makes the browser revalidate the page itself, at / and at any client-side route", async () => {
    for (const url of ["/", "/evaluation", "/cases/123?tab=1"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["cache-control"], url).toBe(PAGE_CACHE_CONTROL);
      expect(res.headers["content-type"], url).toMatch(/^text\/html/);
    }
    expect((await t.app.inject({ method: "GET", url: "/favicon.svg" })).headers["cache-control"]).toBe(PAGE_CACHE_CONTROL);
  });
});

describe("compression", () => {
  it("sends assets brotli-compressed to a browser that accepts it, and says the answer varies by encoding", async () => {
    const res = await t.app.inject({ method: "GET", url: "/assets/app-Bx12ab.js", headers: { "accept-encoding": "br, gzip" } });
    expect(res.headers["content-encoding"]).toBe("br");
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 4);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it("gzips JSON for a client that only speaks gzip, and sends it plain to one that accepts nothing", async () => {
    const gz = await t.app.inject({ method: "GET", url: "/api/openapi.json", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const document = JSON.parse(gunzipSync(gz.rawPayload).toString()) as { openapi: string };
    expect(document.openapi).toBe("3.0.3");
    const plain = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(gz.rawPayload.length * 4);
  });

  it("leaves answers under 1 kB as they are", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz", headers: { "accept-encoding": "br, gzip" } });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(res.headers["content-encoding"]).toBeUndefined();
  });
});
