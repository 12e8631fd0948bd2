import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

let t: TestApp;
let admin: Session;
let resident: Session;

beforeAll(async () => {
  // The test clock reads 2026-11-28 08:00 in Shanghai; this tenant has no demo cases, so no reference date.
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const ids = await seeded(admin);
  resident = await createUserAndLogin(admin, t.app, { username: "time-resident", roles: [{ roleId: ids.role("resident"), scope: "own" }] });
});
afterAll(async () => t?.close());

const time = async (s: Session) => {
  const res = await s.request("GET", "/api/v1/settings/time");
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { referenceDate: string; isFixed: boolean; today: string };
};

describe("the reference date pages count 'as of'", () => {
  it("is today in Shanghai for a tenant without one, for every signed-in caller", async () => {
    expect(await time(resident)).toEqual({ referenceDate: "2026-11-28", isFixed: false, today: "2026-11-28" });
    expect((await t.app.inject({ method: "GET", url: "/api/v1/settings/time" })).statusCode).toBe(401);
  });

  it("is fixed by whoever configures cases, audited, and cleared again with null", async () => {
    const set = await admin.request("PUT", "/api/v1/settings/reference-date", { referenceDate: "2021-10-31" });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ referenceDate: "2021-10-31", isFixed: true, today: "2026-11-28" });
    expect(await time(resident)).toMatchObject({ referenceDate: "2021-10-31", isFixed: true });
    const audit = (await admin.request("GET", "/api/v1/audit?action=tenant.update")).json() as { items: { before: unknown; after: unknown; entityId: string }[] };
    expect(audit.items[0]).toMatchObject({ entityId: "xinhong", before: { referenceDate: null }, after: { referenceDate: "2021-10-31" } });

    const cleared = await admin.request("PUT", "/api/v1/settings/reference-date", { referenceDate: null });
    expect(cleared.json()).toMatchObject({ referenceDate: "2026-11-28", isFixed: false });
  });

  it("refuses a caller who may not configure cases, and a date that is not one, changing nothing", async () => {
    const forbidden = await resident.request("PUT", "/api/v1/settings/reference-date", { referenceDate: "2021-10-31" });
    expect(forbidden.statusCode).toBe(403);
    const bad = await admin.request("PUT", "/api/v1/settings/reference-date", { referenceDate: "2021-13-40" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("body.referenceDate");
    expect(await time(admin)).toMatchObject({ isFixed: false });
  });
});
