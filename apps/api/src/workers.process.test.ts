import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRID_LEVEL } from "@caihong/domain";
import { redrawnPair, type Feature } from "./test/grid-redraw";
import { backend, createTestDatabase } from "./test/harness";
import { httpLogin, spawnServer, waitUntilListening, type HttpSession, type ServerProcess } from "./test/server-process";

const ADMIN_PASSWORD = "workers-admin-pass-1";

// Two real server processes on one PostgreSQL database, as `caihong serve --workers 2` runs them
// (separate ports here, so each request goes to the process the test means). The embedded
// database is one process, so this runs on PostgreSQL only.
describe.skipIf(backend === "pglite")("two server processes on one PostgreSQL database", () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let root: string;
  const running: ServerProcess[] = [];
  let urlA: string;
  let urlB: string;
  let adminA: HttpSession;
  let adminB: HttpSession;
  let grids: { id: string; code: string; level: number; name: string }[];

  beforeAll(async () => {
    store = await createTestDatabase();
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-two-processes-"));
    const dataKey = randomBytes(32).toString("base64");
    const start = (name: string) => {
      const server = spawnServer({ DATABASE_URL: store.url!, CAIHONG_DATA_DIR: path.join(root, name), CAIHONG_DATA_KEY: dataKey, CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD });
      running.push(server);
      return waitUntilListening(server);
    };
    // One after the other, as the primary of `--workers` starts them: the first migrates and seeds.
    urlA = await start("a");
    urlB = await start("b");
    adminA = await httpLogin(urlA, "admin", ADMIN_PASSWORD);
    adminB = await httpLogin(urlB, "admin", ADMIN_PASSWORD);
    grids = ((await (await adminA.request("GET", "/api/v1/grids")).json()) as { items: typeof grids }).items;
  }, 240_000);
  afterAll(async () => {
    for (const s of running) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGTERM");
      await s.exited;
    }
    await store?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses a 网格长's very next request in process B once process A took their role away", async () => {
    const autonomous = grids.find((g) => g.level === GRID_LEVEL.autonomous)!;
    const roles = ((await (await adminA.request("GET", "/api/v1/roles")).json()) as { items: { id: string; code: string }[] }).items;
    const created = await adminA.request("POST", "/api/v1/users", {
      username: "two.process.head",
      displayName: "王网格长",
      password: "temporary-pass-1",
      roles: [{ roleId: roles.find((r) => r.code === "grid_head")!.id, scope: "subtree", gridId: autonomous.id }],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const head = await httpLogin(urlB, "two.process.head", "temporary-pass-1");
    expect((await head.request("POST", "/api/v1/auth/password", { currentPassword: "temporary-pass-1", newPassword: "permanent-pass-1" })).status).toBe(204);
    // B has loaded and cached the 网格长's grants.
    expect((await head.request("GET", "/api/v1/people")).status).toBe(200);
    expect((await head.request("GET", "/api/v1/cases")).status).toBe(200);

    const { version } = (await (await adminA.request("GET", `/api/v1/users/${id}`)).json()) as { version: number };
    const revoked = await adminA.request("PATCH", `/api/v1/users/${id}`, { version, roles: [] });
    expect(revoked.status).toBe(200);
    expect((await head.request("GET", "/api/v1/people")).status).toBe(403);
    expect((await head.request("GET", "/api/v1/cases")).status).toBe(403);
  });

  it("files a report in process B into the micro grid process A just redrew around its point", async () => {
    const exported = (await (await adminA.request("GET", "/api/v1/grids/export.geojson")).json()) as { type: "FeatureCollection"; features: Feature[] };
    const { a, b, west, east, point, before, after } = redrawnPair(exported.features);
    const categories = ((await (await adminB.request("GET", "/api/v1/case-categories")).json()) as { items: { id: string; code: string; level: number }[] }).items;
    const categoryId = categories.find((c) => c.code === "0104")!.id;
    const report = async () => {
      const res = await adminB.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId, description: "井盖缺失", location: { lng: point[0], lat: point[1] } });
      expect(res.status).toBe(201);
      const gridId = ((await res.json()) as { gridId: string }).gridId;
      return grids.find((g) => g.id === gridId)!.code;
    };
    // B's point index is built and puts the point in the grid it lies in today.
    expect(await report()).toBe(before);

    for (const f of exported.features) {
      if (f.properties.code === a.properties.code) f.geometry = west;
      if (f.properties.code === b.properties.code) f.geometry = east;
    }
    const imported = await adminA.request("POST", "/api/v1/grids/import?dryRun=false", exported);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ redrawn: 2 });

    expect(await report()).toBe(after);
  });
});
