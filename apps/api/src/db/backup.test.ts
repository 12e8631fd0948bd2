import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../app";
import { ADMIN_PASSWORD, backend, createTestApp, createTestDatabase, login, seeded, type TestApp } from "../test/harness";
import { openTemplateDatabase } from "../test/templates";
import { BackupError, backupDatabase, dependencyOrder, orderSelfReferences, restoreDatabase } from "./backup";
import { migrateDatabase, openDatabase, type Database } from "./client";

/**
 * An empty, migrated database of the backend under test (or explicitly PGlite). PGlite starts from
 * the run's migrated template (global-setup.ts) instead of running initdb and the migrations.
 */
async function freshDatabase(kind: "backend" | "pglite" = "backend"): Promise<{ database: Database; close(): Promise<void> }> {
  const created = kind === "pglite" ? { url: undefined, drop: async () => undefined } : await createTestDatabase();
  const database = created.url ? await openDatabase({ databaseUrl: created.url, poolSize: 2 }) : await openTemplateDatabase("migrated");
  await migrateDatabase(database);
  return {
    database,
    async close() {
      // An app built on this database may already have closed it.
      await database.close().catch(() => undefined);
      await created.drop();
    },
  };
}

/** The lines of a backup file, decompressed. */
function linesOf(file: string): string[] {
  return gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n").filter(Boolean);
}

/** Row lines grouped by table (what a restore must reproduce exactly). */
function rowSets(file: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of linesOf(file).slice(1, -1)) {
    const { t } = JSON.parse(line) as { t: string };
    (out[t] ??= []).push(line);
  }
  for (const rows of Object.values(out)) rows.sort();
  return out;
}

function writeLines(file: string, lines: string[]) {
  fs.writeFileSync(file, gzipSync(lines.join("\n") + "\n"));
}

describe(`backup and restore (${backend})`, () => {
  let source: TestApp;
  let dir: string;
  let original: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-backup-"));
    source = await createTestApp();
    const admin = await login(source.app, "admin", ADMIN_PASSWORD);
    const { grid, role } = await seeded(admin);
    const created = await admin.request("POST", "/api/v1/roles", { code: "street_watch", nameZh: "巡查员", nameEn: "Street watch", permissions: ["users.read", "grids.read"] });
    expect(created.statusCode).toBe(201);
    const streetWatch = (created.json() as { id: string }).id;
    for (let i = 0; i < 30; i++) {
      const res = await admin.request("POST", "/api/v1/users", {
        username: `worker${i}`,
        displayName: i % 2 ? `网格员${i}号 😀` : `Worker "${i}", O'Neil\\`,
        password: "temporary-pass-1",
        phone: `1380000${String(1000 + i)}`,
        gridId: grid("华美片区"),
        roles: [{ roleId: i % 3 ? role("grid_worker") : streetWatch, scope: "grid", gridId: grid("华美片区") }],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const key = await admin.request("POST", "/api/v1/api-keys", { name: "城运中心对接", permissions: ["users.read"], scope: "all" });
    expect(key.statusCode, key.body).toBe(201);
    original = path.join(dir, "original.caihong.gz");
    await backupDatabase(source.app.deps.database, original);
  });

  afterAll(async () => {
    await source?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes a header, rows in foreign-key order and an end marker with row counts", () => {
    const lines = linesOf(original);
    const header = JSON.parse(lines[0]!) as { format: string; version: number; migrations: string[]; tables: string[]; source: string };
    expect(header).toMatchObject({ format: "caihong-backup", version: 1, source: backend });
    expect(header.migrations.length).toBeGreaterThan(0);
    expect(header.tables).toEqual(expect.arrayContaining(["tenants", "grids", "users", "roles", "user_roles", "audit_log", "sessions", "api_keys"]));
    expect(header.tables.indexOf("tenants")).toBeLessThan(header.tables.indexOf("users"));
    expect(header.tables.indexOf("users")).toBeLessThan(header.tables.indexOf("user_roles"));
    expect(header.tables.indexOf("roles")).toBeLessThan(header.tables.indexOf("user_roles"));
    expect(header.tables.some((t) => t.includes("drizzle"))).toBe(false);
    const trailer = JSON.parse(lines.at(-1)!) as { end: boolean; rows: Record<string, number> };
    expect(trailer.end).toBe(true);
    expect(trailer.rows.users).toBe(31);
    expect(Object.values(trailer.rows).reduce((a, b) => a + b, 0)).toBe(lines.length - 2);
  });

  it("restores into a fresh database row for row, and the restored app signs in and lists the same users", async () => {
    const target = await freshDatabase();
    try {
      const restored = await restoreDatabase(target.database, original);
      expect(restored.rows.users).toBe(31);
      const again = path.join(dir, "again.caihong.gz");
      await backupDatabase(target.database, again);
      expect(rowSets(again)).toEqual(rowSets(original));

      // The restored database serves the same data through the real app (same data key).
      const app = await build({ config: source.config, database: target.database, logger: false });
      try {
        const admin = await login(app, "admin", ADMIN_PASSWORD);
        const before = (await (await login(source.app, "admin", ADMIN_PASSWORD)).request("GET", "/api/v1/users?limit=100")).json() as { items: unknown[] };
        const after = (await admin.request("GET", "/api/v1/users?limit=100")).json() as { items: { username: string; phoneMasked: string | null }[] };
        expect(after.items.map((u) => u.username).sort()).toEqual((before.items as { username: string }[]).map((u) => u.username).sort());
        expect(after.items.find((u) => u.username === "worker7")?.phoneMasked).toBe("138****1007");
      } finally {
        // build() registered the database's close on the app; the target's close below is then a no-op.
        await app.close();
      }
    } finally {
      await target.close();
    }
  });

  it("restores a PGlite backup into this backend, and this backend's backup into PGlite", async () => {
    const pgliteSource = await createTestApp({ databaseUrl: undefined, inMemory: true });
    const target = await freshDatabase();
    const pgliteTarget = await freshDatabase("pglite");
    try {
      const admin = await login(pgliteSource.app, "admin", ADMIN_PASSWORD);
      expect((await admin.request("POST", "/api/v1/roles", { code: "from_pglite", nameZh: "迁移", nameEn: "Moved", permissions: [] })).statusCode).toBe(201);
      const fromPglite = path.join(dir, "from-pglite.caihong.gz");
      await backupDatabase(pgliteSource.app.deps.database, fromPglite);
      await restoreDatabase(target.database, fromPglite);
      const check = path.join(dir, "check.caihong.gz");
      await backupDatabase(target.database, check);
      expect(rowSets(check)).toEqual(rowSets(fromPglite));

      await restoreDatabase(pgliteTarget.database, original);
      const back = path.join(dir, "back.caihong.gz");
      await backupDatabase(pgliteTarget.database, back);
      expect(rowSets(back)).toEqual(rowSets(original));
    } finally {
      await pgliteSource.close();
      await target.close();
      await pgliteTarget.close();
    }
  });

  it("refuses truncated, corrupt or inconsistent files and leaves the target untouched", async () => {
    const target = await freshDatabase();
    try {
      await restoreDatabase(target.database, original);
      const snapshot = path.join(dir, "snapshot.caihong.gz");
      await backupDatabase(target.database, snapshot);
      const bytes = fs.readFileSync(original);
      const lines = linesOf(original);
      const bad: Record<string, (file: string) => void> = {
        "gzip cut in half": (f) => fs.writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2))),
        "gzip missing its last byte": (f) => fs.writeFileSync(f, bytes.subarray(0, bytes.length - 1)),
        "a flipped byte": (f) => {
          const copy = Buffer.from(bytes);
          copy[Math.floor(copy.length / 2)]! ^= 0xff;
          fs.writeFileSync(f, copy);
        },
        "not gzip at all": (f) => fs.writeFileSync(f, lines.join("\n")),
        "cut at a line boundary (no end marker)": (f) => writeLines(f, lines.slice(0, Math.floor(lines.length / 2))),
        "a row line dropped": (f) => writeLines(f, [...lines.slice(0, 5), ...lines.slice(6)]),
        "a broken row line": (f) => writeLines(f, [...lines.slice(0, 5), lines[5]!.slice(0, -3), ...lines.slice(6)]),
        "no header": (f) => writeLines(f, lines.slice(1)),
        "rows after the end marker": (f) => writeLines(f, [...lines, lines[3]!]),
        "an empty file": (f) => fs.writeFileSync(f, gzipSync("")),
      };
      for (const [name, make] of Object.entries(bad)) {
        const file = path.join(dir, `bad-${name.replace(/\W+/g, "-")}.gz`);
        make(file);
        await expect(restoreDatabase(target.database, file), name).rejects.toBeInstanceOf(BackupError);
      }
      // A row that does not fit the table (fails inside the transaction) rolls everything back.
      const badRow = lines.map((l) => (l.startsWith('{"t":"users"') ? l.replace(/"version":\d+/, '"version":"not a number"') : l));
      const badRowFile = path.join(dir, "bad-row.gz");
      writeLines(badRowFile, badRow);
      await expect(restoreDatabase(target.database, badRowFile)).rejects.toThrow(/Restoring table users failed, nothing was changed: invalid input syntax for type integer/);
      const after = path.join(dir, "after.caihong.gz");
      await backupDatabase(target.database, after);
      expect(rowSets(after)).toEqual(rowSets(snapshot));
      await expect(restoreDatabase(target.database, path.join(dir, "missing.gz"))).rejects.toThrow(/not found/);
    } finally {
      await target.close();
    }
  });

  it("refuses a backup made at other migrations, and a target that was never migrated", async () => {
    const target = await freshDatabase();
    const created = backend === "postgres" ? await createTestDatabase() : { url: undefined, drop: async () => undefined };
    // Never migrated: PGlite starts from the run's initialised, empty cluster.
    const bare = created.url ? await openDatabase({ databaseUrl: created.url, poolSize: 1 }) : await openTemplateDatabase("empty");
    try {
      const lines = linesOf(original);
      const header = JSON.parse(lines[0]!) as { migrations: string[] };
      const newer = path.join(dir, "newer.gz");
      writeLines(newer, [JSON.stringify({ ...header, migrations: [...header.migrations, "f".repeat(64)] }), ...lines.slice(1)]);
      await expect(restoreDatabase(target.database, newer)).rejects.toThrow(
        new RegExp(`migration ${header.migrations.length + 1} but the target database is at migration ${header.migrations.length}`),
      );
      const other = path.join(dir, "other.gz");
      writeLines(other, [JSON.stringify({ ...header, migrations: header.migrations.map(() => "0".repeat(64)) }), ...lines.slice(1)]);
      await expect(restoreDatabase(target.database, other)).rejects.toThrow(/different migration contents/);
      await expect(restoreDatabase(bare, original)).rejects.toThrow(/no migrations applied.*caihong migrate/);
      expect(await target.database.query("select id from users")).toEqual([]);
    } finally {
      await target.close();
      await bare.close();
      await created.drop();
    }
  });

  it("restores a file whose tables and self-referencing rows come children first", async () => {
    const target = await freshDatabase();
    try {
      const lines = linesOf(original);
      const header = JSON.parse(lines[0]!) as { tables: string[] };
      const rows = lines.slice(1, -1).map((l) => ({ t: (JSON.parse(l) as { t: string }).t, l }));
      const reversed = [...header.tables].reverse();
      // Children before parents, and within grids the root last.
      const reordered = reversed.flatMap((t) => {
        const mine = rows.filter((r) => r.t === t).map((r) => r.l);
        return t === "grids" ? mine.sort((a, b) => (a.includes('"parent_id":null') ? 1 : 0) - (b.includes('"parent_id":null') ? 1 : 0)) : mine;
      });
      expect(reordered.findIndex((l) => l.startsWith('{"t":"grids"') && l.includes('"parent_id":null'))).toBeGreaterThan(reordered.findIndex((l) => l.startsWith('{"t":"grids"')));
      const file = path.join(dir, "reversed.gz");
      writeLines(file, [JSON.stringify({ ...header, tables: reversed }), ...reordered, lines.at(-1)!]);
      await restoreDatabase(target.database, file);
      const again = path.join(dir, "reversed-again.gz");
      await backupDatabase(target.database, again);
      expect(rowSets(again)).toEqual(rowSets(original));
    } finally {
      await target.close();
    }
  });
});

describe(`backup of a deep grid tree (${backend})`, () => {
  it("restores a self-referencing table larger than one batch even when children come first", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-backup-tree-"));
    const source = await freshDatabase();
    const target = await freshDatabase();
    try {
      // A chain of 1,200 grids, each the child of the one before: batches of 500 must follow the chain.
      await source.database.query(`insert into tenants (id, name, name_en, division_code) values ('xinhong', '新虹街道', 'Xinhong', '310112008000')`);
      await source.database.query(
        `insert into grids (tenant_id, id, parent_id, path, level, code, name)
         select 'xinhong', md5('g' || i)::uuid, case when i = 1 then null else md5('g' || (i - 1))::uuid end, '/', 1, 'G' || i, '网格' || i
           from generate_series(1, 1200) as i`,
      );
      const file = path.join(dir, "tree.gz");
      await backupDatabase(source.database, file);
      const lines = linesOf(file);
      const gridLines = lines.filter((l) => l.startsWith('{"t":"grids"'));
      const depth = (l: string) => Number((JSON.parse(l) as { r: { code: string } }).r.code.slice(1));
      gridLines.sort((a, b) => depth(b) - depth(a));
      const others = lines.slice(1, -1).filter((l) => !l.startsWith('{"t":"grids"'));
      const reversed = path.join(dir, "tree-reversed.gz");
      writeLines(reversed, [lines[0]!, ...others, ...gridLines, lines.at(-1)!]);
      await restoreDatabase(target.database, reversed);
      const [row] = await target.database.query<{ n: number }>("select count(*)::int as n from grids");
      expect(row?.n).toBe(1200);
    } finally {
      await source.close();
      await target.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("backup ordering rules", () => {
  it("orders tables parents first and names a cycle", () => {
    expect(dependencyOrder(["c", "b", "a"], [{ child: "c", parent: "b" }, { child: "b", parent: "a" }, { child: "a", parent: "a" }])).toEqual(["a", "b", "c"]);
    expect(() => dependencyOrder(["a", "b"], [{ child: "a", parent: "b" }, { child: "b", parent: "a" }])).toThrow(/cycle between tables a, b/);
  });

  it("orders a self-referencing table's rows parents first", () => {
    const rows = [
      { id: "d", parent_id: "c" },
      { id: "c", parent_id: "a" },
      { id: "b", parent_id: "a" },
      { id: "a", parent_id: null },
    ].map((r) => JSON.stringify(r));
    const ordered = orderSelfReferences(rows, [{ childColumns: ["parent_id"], parentColumns: ["id"] }]).map((r) => (JSON.parse(r) as { id: string }).id);
    expect(ordered.indexOf("a")).toBe(0);
    expect(ordered.indexOf("c")).toBeLessThan(ordered.indexOf("d"));
    expect(() => orderSelfReferences([JSON.stringify({ id: "x", p: "y" }), JSON.stringify({ id: "y", p: "x" })], [{ childColumns: ["p"], parentColumns: ["id"] }])).toThrow(/cycle/);
  });
});

describe(`multi-byte text across read chunks (${backend})`, () => {
  it("restores a 90 KB run of CJK text intact although read chunks end inside its characters", async () => {
    // gunzip hands out 16 KiB chunks and 16384 is not a multiple of 3, so consecutive chunk
    // ends inside one long run of 3-byte characters cannot all fall between characters.
    const source = await freshDatabase();
    const target = await freshDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-cjk-"));
    try {
      const text = "新虹街道彩虹桥".repeat(4300);
      await source.database.query("insert into tenants (id, name, name_en, division_code) values ('cjk', $1, 'cjk', '000000000000')", [text]);
      const file = path.join(dir, "cjk.caihong.gz");
      await backupDatabase(source.database, file);
      await restoreDatabase(target.database, file);
      const rows = await target.database.query<{ name: string }>("select name from tenants where id = 'cjk'");
      expect(rows[0]!.name).toBe(text);
    } finally {
      await source.close();
      await target.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

