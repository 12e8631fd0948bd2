import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTemplateDataDir } from "@caihong/api/testing";
import { buildProgram } from "./program";
import { runCaihong, withDataDir } from "./test-support";

const caihong = (args: string[], env: Record<string, string>) => runCaihong(args, { LANG: "C", LC_ALL: "", LC_MESSAGES: "", CAIHONG_ADMIN_PASSWORD: "cli-rollups-admin-1", ...env });

/** The rollup rows of the tenant, in key order. */
const ROWS = "select dim, grain, bucket::text, key, area, reported, valid, filed, due_handling, handled_on_time, closed, closed_on_time, handled, timed, minutes from case_rollups order by dim, grain, bucket, key, area";

/**
 * 60 cases written straight into `cases` (as a bulk SQL load would, without the steps' upkeep)
 * over three months: a third only reported, a third filed, a third closed on time after 90
 * working minutes, spread over micro grids, 小类 and units.
 */
const BULK_LOAD = `
with g as (select array_agg(id order by code) a, count(*)::int n from grids where tenant_id = 'xinhong' and level = 4),
     k as (select array_agg(id order by code) a, count(*)::int n from case_categories where tenant_id = 'xinhong' and level = 2),
     u as (select array_agg(id order by name) a, count(*)::int n from units where tenant_id = 'xinhong')
insert into cases (tenant_id, number, channel, state, category_id, description, grid_id, assignee_unit_id, reported_at,
  filed_at, dispatched_at, handled_at, handled_on_time, closed_at, closed_on_time, handling_minutes)
select 'xinhong', 'LOAD-' || i, 'patrol', (array['reported', 'filed', 'closed'])[1 + i % 3], k.a[1 + i % k.n], '批量导入', g.a[1 + (i * 7) % g.n],
  case when i % 3 = 2 then u.a[1 + i % u.n] end, t,
  case when i % 3 > 0 then t + interval '10 minutes' end,
  case when i % 3 = 2 then t + interval '20 minutes' end,
  case when i % 3 = 2 then t + interval '110 minutes' end,
  case when i % 3 = 2 then true end,
  case when i % 3 = 2 then t + interval '2 hours' end,
  case when i % 3 = 2 then true end,
  case when i % 3 = 2 then 90 end
from generate_series(0, 59) as s(i), g, k, u, lateral (select timestamptz '2026-09-01 09:00+08' + i * interval '36 hours' as t) as r`;

describe("caihong rollups --help", () => {
  it.each([[["rollups"]], [["rollups", "rebuild"]]])("caihong %j --help", (args) => {
    let out = "";
    const program = buildProgram();
    const all = [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)];
    for (const c of all) c.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    expect(() => program.parse(["node", "caihong", ...args, "--help"])).toThrow(CommanderError);
    expect(out).toContain(`Usage: caihong ${args.join(" ")}`);
  });
});

// PGlite data directories whatever DATABASE_URL says: with it set this would repeat the PGlite run.
describe.skipIf(!!process.env.DATABASE_URL)("caihong rollups rebuild on a PGlite data directory", () => {
  let root: string;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-cli-rollups-"));
    dir = path.join(root, "data");
    env = { CAIHONG_DATA_DIR: dir };
    await createTemplateDataDir(dir);
    await withDataDir(dir, (database) => database.query(BULK_LOAD));
  }, 180_000);
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("counts cases loaded in bulk into the rollups, audited as cli", async () => {
    expect(await withDataDir(dir, (database) => database.query("select count(*)::int as n from case_rollups"))).toEqual([{ n: 0 }]);

    const res = await caihong(["rollups", "rebuild"], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^xinhong: [\d,]+ rollup rows from 60 cases, [\d,]+ due cases marked overdue \(\d+\.\d s\)$/m);
    expect(res.stdout).toContain("rebuilt the evaluation rollups of 1 tenant(s), 60 cases.");

    await withDataDir(dir, async (database) => {
      // Per grid and month the rollups hold what the cases say.
      const fromRollups = await database.query(
        "select key as grid_id, bucket::text as month, reported, filed, closed, timed, minutes::int from case_rollups where dim = 'grid' and grain = 'month' order by 1, 2",
      );
      const fromCases = await database.query(
        `select grid_id, to_char(reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-01') as month, count(*)::int as reported, count(filed_at)::int as filed,
           count(closed_at)::int as closed, count(handling_minutes)::int as timed, coalesce(sum(handling_minutes), 0)::int as minutes
         from cases group by 1, 2 order by 1, 2`,
      );
      expect(fromRollups).toEqual(fromCases);
      // The day rows and the unit and 小类 groupings count every case once too.
      const totals = await database.query<{ dim: string; grain: string; reported: number; filed: number }>(
        "select dim, grain, sum(reported)::int as reported, sum(filed)::int as filed from case_rollups group by 1, 2 order by 1, 2",
      );
      expect(totals).toHaveLength(6);
      for (const t of totals) expect({ reported: t.reported, filed: t.filed }).toEqual({ reported: 60, filed: 40 });
      const audit = await database.query<{ actor_label: string; entity_id: string; after: { rows: number; cases: number } }>(
        "select actor_label, entity_id, after from audit_log where action = 'rollups.rebuild'",
      );
      const [rows] = await database.query<{ n: number }>("select count(*)::int as n from case_rollups");
      expect(audit).toEqual([{ actor_label: "cli", entity_id: "xinhong", after: { rows: rows!.n, cases: 60 } }]);
    });
  }, 180_000);

  it("repairs rollups that drifted, naming the tenant by its division code or rebuilding all", async () => {
    const good = await withDataDir(dir, async (database) => {
      const rows = await database.query(ROWS);
      await database.query("update case_rollups set reported = reported + 5 where dim = 'unit'");
      await database.query("delete from case_rollups where dim = 'grid' and grain = 'day'");
      await database.query("insert into case_rollups (tenant_id, dim, grain, bucket, key, area, reported) values ('xinhong', 'grid', 'month', '2020-01-01', gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 3)");
      return rows;
    });

    const byCode = await caihong(["rollups", "rebuild", "--tenant", "310112008000"], env);
    expect(byCode.code, byCode.stderr).toBe(0);
    expect(byCode.stdout).toContain("xinhong: ");
    expect(await withDataDir(dir, (database) => database.query(ROWS))).toEqual(good);

    const all = await caihong(["rollups", "rebuild", "--all"], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain("rebuilt the evaluation rollups of 1 tenant(s), 60 cases.");
    expect(await withDataDir(dir, (database) => database.query(ROWS))).toEqual(good);
  }, 180_000);

  it("refuses an unknown tenant and --tenant with --all, writing nothing", async () => {
    const before = await withDataDir(dir, (database) => database.query("select count(*)::int as n, max(seq) as seq from audit_log"));
    const unknown = await caihong(["rollups", "rebuild", "--tenant", "nowhere"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No tenant nowhere");
    const both = await caihong(["rollups", "rebuild", "--tenant", "xinhong", "--all"], env);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("give --tenant or --all, not both");
    expect(await withDataDir(dir, (database) => database.query("select count(*)::int as n, max(seq) as seq from audit_log"))).toEqual(before);
  }, 180_000);
});
