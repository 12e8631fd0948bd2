import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, loadConfig } from "@caihong/api";
import { backend, createTemplateDataDir, createTestDatabase, login, spawnServer, TEMPLATE_ADMIN_PASSWORD, waitUntilListening } from "@caihong/api/testing";
import { buildProgram } from "./program";
import { BIN, runCaihong, withDataDir } from "./test-support";

const ADMIN_PASSWORD = TEMPLATE_ADMIN_PASSWORD;


const caihong = (args: string[], env: Record<string, string>) => runCaihong(args, { CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env });


function rowLines(file: string, table: string): string[] {
  return gunzipSync(fs.readFileSync(file))
    .toString("utf8")
    .split("\n")
    .filter((l) => l.startsWith(`{"t":"${table}"`))
    .sort();
}

describe("caihong --help", () => {
  it.each([[[]], [["serve"]], [["migrate"]], [["backup"]], [["restore"]], [["user"]], [["user", "add"]], [["user", "reset-password"]], [["user", "disable"]]])(
    "caihong %j --help",
    (args) => {
      let out = "";
      const program = buildProgram();
      const all = [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)];
      for (const c of all) c.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
      expect(() => program.parse(["node", "caihong", ...args, "--help"])).toThrow(CommanderError);
      expect(out).toContain(`Usage: caihong ${args.join(" ")}`.trim());
    },
  );

  it("runs as a binary", async () => {
    const res = await caihong(["--help"], {});
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("restore");
    expect(res.stdout).toContain("user");
  });
});

// These commands run on a PGlite data directory whatever DATABASE_URL says: with DATABASE_URL set
// they would repeat the PGlite run, so only the restore (whose target is the backend) runs again.
const pgliteOnlyTwice = !!process.env.DATABASE_URL;

describe(`caihong on a PGlite data directory (restore target: ${backend})`, () => {
  let root: string;
  let dir: string;
  let env: Record<string, string>;

  // Every test below works on this migrated data directory and needs nothing from the others. It is
  // a copy of the run's seeded template, as `caihong migrate` leaves an empty directory (the
  // first test runs that first migrate itself).
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-cli-"));
    dir = path.join(root, "data");
    env = { CAIHONG_DATA_DIR: dir };
    await createTemplateDataDir(dir);
  }, 120_000);
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it.skipIf(pgliteOnlyTwice)("asks for migrate first, then migrates and creates the tenant", async () => {
    const fresh = { CAIHONG_DATA_DIR: path.join(root, "fresh") };
    const early = await caihong(["user", "add", "wang.fang", "--name", "王芳"], fresh);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("run `caihong migrate` first");
    const res = await caihong(["migrate"], fresh);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/[1-9]\d* migration\(s\) applied/);
    expect(res.stdout).toContain("Created tenant xinhong");
    expect((await caihong(["migrate"], fresh)).stdout).toContain("0 migration(s) applied");
  }, 120_000);

  it.skipIf(pgliteOnlyTwice)("adds, resets and disables users, audited as cli; the server accepts what it wrote", async () => {
    const added = await caihong(["user", "add", "wang.fang", "--name", "王芳", "--role", "grid_worker", "--grid", "31011200800002", "--phone", "13812341234"], env);
    expect(added.code, added.stderr).toBe(0);
    const generated = /\n {4}(\S+)\n/.exec(added.stdout)?.[1];
    expect(generated).toMatch(/^[\w-]{16}$/);
    const head = await caihong(["user", "add", "zhao.head", "--name", "赵网格长", "--role", "grid_head", "--scope", "grid", "--grid", "31011200800002", "--password", "head-password-1"], env);
    expect(head.code, head.stderr).toBe(0);
    expect(head.stdout).not.toContain("shown only once");
    expect((await caihong(["user", "add", "wang.fang", "--name", "又一个"], env)).stderr).toContain("already exists");
    expect((await caihong(["user", "add", "qian", "--name", "钱", "--role", "no_such_role"], env)).stderr).toMatch(/no role with code no_such_role\. Roles: .*grid_worker/);
    const reset = await caihong(["user", "reset-password", "zhao.head", "--password", "reset-password-1"], env);
    expect(reset.code, reset.stderr).toBe(0);
    const disabled = await caihong(["user", "disable", "wang.fang"], env);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect((await caihong(["user", "disable", "wang.fang"], env)).stdout).toContain("already disabled");
    expect((await caihong(["user", "disable", "nobody"], env)).code).toBe(1);

    await withDataDir(dir, async (database) => {
      const audit = await database.query<{ action: string; actor_label: string; after: { username?: string; roles?: { role: string; scope: string }[]; phone?: string } | null }>(
        "select action, actor_label, after from audit_log where actor_label = 'cli' order by at, action",
      );
      expect(audit.map((a) => a.action)).toEqual(["user.create", "user.create", "user.password.reset", "user.disable"]);
      const created = audit.find((a) => a.after?.username === "wang.fang")!;
      expect(created.after).toMatchObject({ phone: "138****1234", roles: [{ role: "grid_worker", scope: "subtree" }] });
      expect(JSON.stringify(audit)).not.toContain("13812341234");

      // The server, on the same data directory and key file, signs the reset user in and reads the phone.
      const config = loadConfig({ CAIHONG_DATA_DIR: dir, LOG_LEVEL: "silent" });
      const app = await build({ config, database, logger: false });
      try {
        const head = await login(app, "zhao.head", "reset-password-1");
        const me = (await head.request("GET", "/api/v1/auth/me")).json() as { mustChangePassword: boolean };
        expect(me.mustChangePassword).toBe(true);
        const admin = await login(app, "admin", ADMIN_PASSWORD);
        const users = (await admin.request("GET", "/api/v1/users?q=wang.fang")).json() as { items: { status: string; phoneMasked: string }[] };
        expect(users.items[0]).toMatchObject({ status: "disabled", phoneMasked: "138****1234" });
        await expect(login(app, "wang.fang", generated!)).rejects.toThrow(/failed/);
      } finally {
        await app.close();
      }
    });
  }, 240_000);

  it.skipIf(pgliteOnlyTwice)("refuses every command while a server holds the data directory, naming its PID", async () => {
    const server = spawnServer({ CAIHONG_DATA_DIR: dir, CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD });
    try {
      await waitUntilListening(server);
      for (const args of [["user", "add", "sun.li", "--name", "孙丽"], ["backup", path.join(root, "while-running.gz")]]) {
        const res = await caihong(args, env);
        expect(res.code, args.join(" ")).toBe(2);
        expect(res.stderr).toContain(`PID ${server.pid}`);
      }
      expect(fs.existsSync(path.join(root, "while-running.gz"))).toBe(false);
    } finally {
      server.child.kill("SIGTERM");
      expect((await server.exited).code).toBe(0);
    }
  }, 180_000);

  it.skipIf(pgliteOnlyTwice)("serves through `caihong serve` and stops cleanly on SIGTERM", async () => {
    const server = spawnServer({ CAIHONG_DATA_DIR: dir, CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD }, { command: [BIN, "serve"] });
    try {
      const baseUrl = await waitUntilListening(server);
      expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dir, "caihong.lock"))).toBe(false);
  }, 180_000);

  it(`backs up, refuses an unconfirmed restore, and restores into a fresh ${backend} database`, async () => {
    const file = path.join(root, "backup.ndjson.gz");
    const backup = await caihong(["backup", file], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain("Backed up");
    expect((await caihong(["backup", file], env)).stderr).toContain("--force");

    // stdin is a pipe here, not a terminal: without --yes nothing happens.
    const unconfirmed = await caihong(["restore", file], env);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain("stdin is not a terminal");

    const target = await createTestDatabase();
    const targetDir = path.join(root, "target");
    const targetEnv = { CAIHONG_DATA_DIR: targetDir, DATABASE_URL: target.url ?? "" };
    try {
      const restored = await caihong(["restore", file, "--yes"], targetEnv);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/Restored \d+ rows/);
      const again = path.join(root, "again.ndjson.gz");
      expect((await caihong(["backup", again], targetEnv)).code).toBe(0);
      for (const table of ["users", "user_roles", "roles", "grids", "tenants", "sessions"]) {
        expect(rowLines(again, table), table).toEqual(rowLines(file, table));
      }
      const audit = rowLines(again, "audit_log").map((l) => (JSON.parse(l) as { r: { action: string; actor_label: string } }).r);
      expect(audit.filter((a) => a.action === "database.restore")).toEqual([expect.objectContaining({ actor_label: "cli" })]);
      expect(audit.length).toBe(rowLines(file, "audit_log").length + 1);
    } finally {
      await target.drop();
    }
  }, 240_000);
});
