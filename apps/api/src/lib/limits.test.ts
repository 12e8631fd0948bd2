import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/harness";
import { claimOnce, enforce, hit, peek, recordFailure, sweepLimits } from "./limits";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const now = () => t.clock.clock();

describe("the limiter", () => {
  it("counts hits in a fixed window and starts a new window after it ends", async () => {
    const { db, tenantId } = t.app.deps;
    expect((await hit(db, tenantId, "test.window", "k", 60, now())).count).toBe(1);
    const second = await hit(db, tenantId, "test.window", "k", 60, now());
    expect(second).toEqual({ count: 2, resetSeconds: 60, blockedSeconds: 0 });
    t.clock.advance(30_000);
    expect((await peek(db, tenantId, "test.window", "k", now())).resetSeconds).toBe(30);
    t.clock.advance(30_000);
    expect((await peek(db, tenantId, "test.window", "k", now())).count).toBe(0);
    expect((await hit(db, tenantId, "test.window", "k", 60, now())).count).toBe(1);
  });

  it("refuses over the limit with 429 RATE_LIMITED and Retry-After at the window's end", async () => {
    const { db, tenantId } = t.app.deps;
    const rule = { bucket: "test.enforce", limit: 2, windowSeconds: 100 };
    await enforce(db, tenantId, rule, "k", now());
    await enforce(db, tenantId, rule, "k", now());
    t.clock.advance(10_000);
    await expect(enforce(db, tenantId, rule, "k", now())).rejects.toMatchObject({ code: "RATE_LIMITED", extra: { headers: { "Retry-After": "90" } } });
  });

  it("backs off 1 s, 2 s, 4 s … after the free failures, capped", async () => {
    const { db, tenantId } = t.app.deps;
    const rule = { bucket: "test.backoff", windowSeconds: 3600, freeFailures: 2, maxBackoffSeconds: 5 };
    const blocks = [];
    for (let i = 0; i < 6; i++) blocks.push((await recordFailure(db, tenantId, rule, "k", now())).blockedSeconds);
    expect(blocks).toEqual([0, 1, 2, 4, 5, 5]);
    expect((await peek(db, tenantId, "test.backoff", "k", now())).blockedSeconds).toBe(5);
  });

  it("claims a key once while the claim lives, and sweeps rows past their expiry", async () => {
    const { db, tenantId } = t.app.deps;
    const until = new Date(now().getTime() + 60_000);
    expect(await claimOnce(db, tenantId, "test.once", "n", until, now())).toBe(true);
    expect(await claimOnce(db, tenantId, "test.once", "n", until, now())).toBe(false);
    t.clock.advance(3_600_001);
    expect(await sweepLimits(db, tenantId, now())).toBeGreaterThan(0);
    const left = await t.app.deps.database.query<{ n: string }>("select count(*) as n from rate_limits where bucket like 'test.%'");
    expect(Number(left[0]!.n)).toBe(0);
    expect(await claimOnce(db, tenantId, "test.once", "n", new Date(now().getTime() + 60_000), now())).toBe(true);
  });
});
