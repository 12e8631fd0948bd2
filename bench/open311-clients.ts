import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { spawnServer } from "../apps/api/src/test/server-process";

/**
 * FixMyStreet-style traffic against a real server process (`node --import tsx apps/api/src/server.ts`
 * on the embedded database, its own data directory, an ephemeral port on 127.0.0.1), as FixMyStreet's
 * Open311 client sends it: a report with a formatted phone, photos by multipart and by media_url (from
 * a photo host on 127.0.0.1 that the server is told to trust), a poll of 2,000 request ids in one GET
 * (every open report's id, as GetUpdates does), servicerequestupdates in XML with the last two hours
 * in UTC, a citizen update POSTed twice, and English. Prints each check, its time, and the totals.
 */

const ADMIN_PASSWORD = "admin-password-1";
const FORM = "application/x-www-form-urlencoded";

interface Check {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}

const checks: Check[] = [];

async function check(name: string, run: () => Promise<string>): Promise<void> {
  const start = performance.now();
  try {
    const detail = await run();
    checks.push({ name, ok: true, ms: performance.now() - start, detail });
  } catch (error) {
    checks.push({ name, ok: false, ms: performance.now() - start, detail: error instanceof Error ? error.message : String(error) });
  }
}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]!);

export async function main(): Promise<void> {
  // A photo host, like FixMyStreet's /photo/…full.jpeg, serving a JPEG with GPS in its EXIF.
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Make: "BenchCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 11/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "121/1 28/1 0/1" } })
    .toBuffer();
  const photoHost = http.createServer((req, res) => (req.url?.startsWith("/photo/") ? res.writeHead(200, { "content-type": "image/jpeg" }).end(photo) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => photoHost.listen(0, "127.0.0.1", resolve));
  const mediaHost = `127.0.0.1:${(photoHost.address() as AddressInfo).port}`;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-bench-open311-"));
  const server = spawnServer({
    CAIHONG_DATA_DIR: dataDir,
    CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CAIHONG_OPEN311_MEDIA_HOSTS: mediaHost,
    CAIHONG_OPEN311_UPDATES_POST: "true",
    CAIHONG_CLOCK_INTERVAL_SECONDS: "3600",
  });
  try {
    const line = await server.waitForLine(/Server listening at http:\/\/127\.0\.0\.1:\d+/);
    const base = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
    const o311 = `${base}/open311/v2`;

    // Staff side: sign in, issue the client's key, find a point inside a micro grid.
    const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }) });
    const cookie = /caihong_sid=[^;]+/.exec(login.headers.get("set-cookie") ?? "")![0];
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const staff = (method: string, url: string, body?: unknown) =>
      fetch(`${base}/api/v1${url}`, { method, headers: { cookie, "x-csrf-token": csrf, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const key = ((await (await staff("POST", "/api-keys", { name: "FixMyStreet", permissions: ["cases.report"], scope: "all" })).json()) as { secret: string }).secret;
    const grids = ((await (await staff("GET", "/grids")).json()) as { items: { id: string; level: number }[] }).items;
    const point = ((await (await staff("GET", `/grids/${grids.find((g) => g.level === 4)!.id}`)).json()) as { centroid: { lng: number; lat: number } }).centroid;
    const step = async (id: string, body: Record<string, unknown>) => {
      const c = (await (await staff("GET", `/cases/${id}`)).json()) as { version: number };
      const res = await staff("POST", `/cases/${id}/transitions`, { version: c.version, ...body });
      expect(res.status === 200, `${body.action}: ${res.status}`);
    };
    const fmsFields = (extra: Record<string, string>) => ({
      api_key: key,
      service_code: "0601",
      lat: String(point.lat),
      long: String(point.lng),
      first_name: "Jane",
      last_name: "Doe",
      email: "jane@example.org",
      description: "title: Bikes blocking the exit\n\ndetail: Twenty shared bikes across the metro exit\n\nSubmitted via FixMyStreet",
      "attribute[fixmystreet_id]": "4242",
      "attribute[title]": "Bikes blocking the exit",
      ...extra,
    });
    const ids: string[] = [];

    await check("POST requests.xml with phone +86 138 0013 8000", async () => {
      const res = await fetch(`${o311}/requests.xml`, { method: "POST", headers: { "content-type": FORM }, body: new URLSearchParams(fmsFields({ phone: "+86 138 0013 8000" })) });
      const xml = await res.text();
      expect(res.status === 201, `${res.status} ${xml}`);
      ids.push(tag(xml, "service_request_id")[0]!);
      const reporter = (await (await staff("GET", `/cases/${ids[0]}/reporter`)).json()) as { phone: string };
      expect(reporter.phone === "13800138000", `stored ${reporter.phone}`);
      return `201, id ${ids[0]}, stored as 13800138000`;
    });

    await check("POST requests.xml multipart with a photo part", async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fmsFields({ phone: "138-0013-8000" }))) form.append(k, v);
      form.append("photo1", new Blob([photo], { type: "image/jpeg" }), "1.full.jpeg");
      const res = await fetch(`${o311}/requests.xml`, { method: "POST", body: form });
      const xml = await res.text();
      expect(res.status === 201, `${res.status} ${xml}`);
      const id = tag(xml, "service_request_id")[0]!;
      ids.push(id);
      const c = (await (await staff("GET", `/cases/${id}`)).json()) as { photos: { url: string }[] };
      expect(c.photos.length === 1, `${c.photos.length} photos`);
      const meta = await sharp(Buffer.from(await (await staff("GET", c.photos[0]!.url.replace("/api/v1", ""))).arrayBuffer())).metadata();
      expect(meta.exif === undefined, "EXIF kept");
      return `201, 1 photo of ${photo.length} bytes stored without EXIF`;
    });

    await check("POST requests.xml with media_url on the trusted host", async () => {
      const res = await fetch(`${o311}/requests.xml`, { method: "POST", headers: { "content-type": FORM }, body: new URLSearchParams(fmsFields({ media_url: `http://${mediaHost}/photo/4242.full.jpeg` })) });
      const xml = await res.text();
      expect(res.status === 201, `${res.status} ${xml}`);
      const id = tag(xml, "service_request_id")[0]!;
      ids.push(id);
      const c = (await (await staff("GET", `/cases/${id}`)).json()) as { photos: { url: string }[] };
      const meta = await sharp(Buffer.from(await (await staff("GET", c.photos[0]!.url.replace("/api/v1", ""))).arrayBuffer())).metadata();
      expect(meta.exif === undefined, "EXIF kept");
      return "201, photo fetched and stored without EXIF";
    });

    await check("POST requests.xml with media_url on another host is refused", async () => {
      const res = await fetch(`${o311}/requests.xml`, { method: "POST", headers: { "content-type": FORM }, body: new URLSearchParams(fmsFields({ media_url: "http://169.254.169.254/latest/meta-data" })) });
      const xml = await res.text();
      expect(res.status === 400 && xml.includes("<errors><error><code>400</code>"), `${res.status} ${xml}`);
      return "400 in the spec's errors shape, nothing fetched";
    });

    // Staff file the reports (published from then on) and dispatch one with a public note.
    for (const id of ids) await step(id, { action: "file" });
    const me = ((await (await staff("GET", "/auth/me")).json()) as { id: string }).id;
    await step(ids[0]!, { action: "dispatch", assignee: { userId: me }, note: "已派物业清理，联系 021-61234567", isPublic: true });

    await check("GET requests.xml with 2,000 ids (GetUpdates' poll)", async () => {
      const unknown = Array.from({ length: 2000 - ids.length }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
      const url = `${o311}/requests.xml?service_request_id=${[...ids, ...unknown].join(",")}`;
      const times: number[] = [];
      let xml = "";
      for (let i = 0; i < 10; i++) {
        const start = performance.now();
        const res = await fetch(url);
        xml = await res.text();
        times.push(performance.now() - start);
        expect(res.status === 200, `${res.status} ${xml.slice(0, 200)}`);
      }
      times.sort((a, b) => a - b);
      const found = tag(xml, "service_request_id");
      expect(found.length === ids.length, `${found.length} of ${ids.length} found`);
      expect(!/13800138000|0013 8000/.test(xml), "a phone was published");
      return `URL ${Math.round(url.length / 1024)} KB, ${found.length} found, p50 ${times[5]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (10 polls)`;
    });

    await check("GET servicerequestupdates.xml, last two hours in UTC, with api_key", async () => {
      const end = new Date(Date.now() + 60_000);
      const start = new Date(end.getTime() - 2 * 3_600_000);
      const w3c = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
      const res = await fetch(`${o311}/servicerequestupdates.xml?api_key=${encodeURIComponent(key)}&start_date=${w3c(start)}&end_date=${w3c(end)}`);
      const xml = await res.text();
      expect(res.status === 200 && xml.includes("<service_requests_updates><request_update>"), `${res.status} ${xml.slice(0, 200)}`);
      const statuses = tag(xml, "status");
      expect(statuses.includes("ACTION_SCHEDULED") && statuses.includes("OPEN"), statuses.join(","));
      expect(xml.includes("***-********") && !xml.includes("61234567"), "public note not redacted");
      return `${statuses.length} updates (${[...new Set(statuses)].join(", ")}), public note redacted`;
    });

    await check("POST servicerequestupdates.xml (citizen update), repeated", async () => {
      const body = new URLSearchParams({ api_key: key, service_request_id: ids[0]!, update_id: "fms-update-1", status: "OPEN", description: "Still there this morning", first_name: "Jane", last_name: "Doe", email: "jane@example.org", updated_datetime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") });
      const first = await (await fetch(`${o311}/servicerequestupdates.xml`, { method: "POST", headers: { "content-type": FORM }, body })).text();
      const again = await (await fetch(`${o311}/servicerequestupdates.xml`, { method: "POST", headers: { "content-type": FORM }, body })).text();
      const [id] = tag(first, "update_id");
      expect(id && tag(again, "update_id")[0] === id, `${first} / ${again}`);
      return `update_id ${id}, the repeat answered the same id`;
    });

    await check("GET requests/{id}.json with Accept-Language: en", async () => {
      const res = await fetch(`${o311}/requests/${ids[0]}.json?extensions=true`, { headers: { "accept-language": "en-GB,en;q=0.9" } });
      const [r] = (await res.json()) as { service_name: string; notes: { description: string }[] }[];
      expect(r!.service_name === "Shared bikes parked badly" && r!.notes.some((n) => n.description.startsWith("Dispatch")), JSON.stringify(r));
      return `service_name "${r!.service_name}", notes ${r!.notes.map((n) => n.description.split(":")[0]).join(", ")}`;
    });
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    await new Promise<void>((resolve) => photoHost.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const width = Math.max(...checks.map((c) => c.name.length));
  console.log(`Open311 clients (FixMyStreet-style) against a server process on PGlite, ${os.cpus().length} cores`);
  for (const c of checks) console.log(`${c.ok ? "PASS" : "FAIL"}  ${c.name.padEnd(width)}  ${c.ms.toFixed(0).padStart(6)} ms  ${c.detail}`);
  const passed = checks.filter((c) => c.ok).length;
  console.log(`${passed} passed, ${checks.length - passed} failed`);
}
