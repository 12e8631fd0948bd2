import { GRID_LEVEL } from "@caihong/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCase } from "../../seed/case-factory";
import { ADMIN_PASSWORD, createTestApp, login, seeded, type TestApp } from "../../test/harness";
import { monthsBetween } from "./evaluation.presenter";
import { aggregateEvaluation, aggregateEvaluationRaw, type EvaluationFilter, type EvaluationGroupBy, type EvaluationGroupRow } from "./evaluation.repository";
import { findRollupRows, rebuildRollups } from "./rollups.repository";
import { periodOf } from "./use-cases/evaluate-cases";
import { sweepOverdue } from "./use-cases/run-clock";

// The clock's overdue sweep (ADR 0011): cases that fell due without an escalation marking them
// (here: written by the factory long after their due time, the clock never ticking) are marked
// with their rollup counts, so the evaluation stops counting them live, and every figure stays
// equal to the raw statement before and after, at the sweep's `now` and at an earlier one.

const sorted = (rows: EvaluationGroupRow[]) => [...rows].sort((a, b) => `${a.gk}${a.gm}${a.key}${a.m}`.localeCompare(`${b.gk}${b.gm}${b.key}${b.m}`));

describe("the overdue sweep", () => {
  let t: TestApp;
  const tenantId = "xinhong";
  const now = new Date("2026-12-03T10:00:00+08:00");

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const micro = ids.grids.filter((g) => g.level === GRID_LEVEL.micro).slice(0, 3);
    const paths = await t.app.deps.database.query<{ id: string; path: string }>("select id, path from grids where tenant_id = $1 and id = any($2::uuid[])", [tenantId, micro.map((g) => g.id)]);
    const unit = ((await admin.request("GET", "/api/v1/units?limit=1")).json() as { items: { id: string; name: string }[] }).items[0]!;
    const states = ["dispatched", "in_progress", "closed", "reported"] as const;
    for (let i = 0; i < 8; i++) {
      await buildCase(t.app.deps.db, { tenantId, grid: paths[i % paths.length]!, state: states[i % states.length], unit, reportedAt: new Date(Date.UTC(2026, 9, 5 + i * 3, 2)) });
    }
  });
  afterAll(() => t.close());

  async function expectEqualToRaw(at: Date) {
    for (const [groupBy, level] of [["grid", GRID_LEVEL.disposal], ["grid", GRID_LEVEL.micro], ["unit", 1], ["category", 1]] as [EvaluationGroupBy, number][]) {
      const f: EvaluationFilter = { tenantId, scope: { kind: "all" }, ...periodOf("2026-10-01", "2026-11-30"), months: monthsBetween("2026-10-01", "2026-11-30"), now: at, groupBy, level, locale: "zh-CN" };
      expect(sorted(await aggregateEvaluation(t.app.deps.db, f)), `${groupBy} ${level} at ${at.toISOString()}`).toEqual(sorted(await aggregateEvaluationRaw(t.app.deps.db, f)));
    }
  }

  it("marks the due cases nothing marked, keeps every figure equal to the raw count, and leaves rows a rebuild writes", async () => {
    const [before] = await t.app.deps.database.query<{ n: number }>(
      "select count(*)::int as n from cases where tenant_id = $1 and not overdue_marked and handled_on_time is null and handle_due_at < $2",
      [tenantId, now.toISOString()],
    );
    expect(before!.n).toBeGreaterThanOrEqual(4);
    await expectEqualToRaw(now);

    expect(await sweepOverdue(t.app.deps.db, tenantId, now)).toBe(before!.n);
    expect(await sweepOverdue(t.app.deps.db, tenantId, now), "a second sweep finds nothing").toBe(0);
    await expectEqualToRaw(now);
    // Earlier than the due times the marked cases count −1 live: still exact.
    await expectEqualToRaw(new Date("2026-10-06T00:00:00+08:00"));

    const kept = await findRollupRows(t.app.deps.db, tenantId);
    await t.app.deps.db.transaction((tx) => rebuildRollups(tx, tenantId));
    expect(await findRollupRows(t.app.deps.db, tenantId)).toEqual(kept);
  });
});
