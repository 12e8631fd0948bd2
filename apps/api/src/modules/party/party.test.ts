import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, seeded, type Session, type TestApp } from "../../test/harness";

let t: TestApp;
let admin: Session;
let ids: Awaited<ReturnType<typeof seeded>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  ids = await seeded(admin);
});
afterAll(async () => t.close());

const rows = (text: string, params: unknown[] = []) => t.app.deps.database.query(text, params);

/** Removes a grid's organisation (and its memberships) behind the API's back, as a broken import would. */
async function dropOrgOf(gridId: string) {
  await rows("delete from party_memberships where org_id in (select id from party_orgs where grid_id = $1)", [gridId]);
  await rows("delete from party_orgs where grid_id = $1", [gridId]);
}

const microOf = (disposal: string) => {
  const disposalId = ids.grid(disposal);
  const autonomous = ids.grids.filter((g) => g.level === 3 && g.parentId === disposalId);
  const micro = ids.grids.find((g) => g.level === 4 && autonomous.some((a) => a.id === g.parentId));
  return micro!;
};

describe("one Party organisation per grid", () => {
  it("binds every one of the 181 demo grids to exactly one organisation of the kind its level needs", async () => {
    const report = (await admin.request("GET", "/api/v1/party-orgs/consistency")).json();
    expect(report.grids).toBe(181);
    expect(report.organisations).toBe(181);
    expect(report.problems).toEqual([]);
    const byKind = Object.fromEntries(report.byKind.map((k: { kind: string; count: number }) => [k.kind, k.count]));
    expect(byKind.community_committee).toBe(1);
    expect(byKind.disposal_council).toBe(4);
    expect(byKind.community_branch + byKind.street_branch).toBe(29);
    expect(byKind.responsibility_zone).toBe(147);
    expect(await rows("select count(*)::int as n from party_orgs")).toEqual([{ n: 181 }]);
  });

  it("lets exactly one of two concurrent creations on the same grid win; the other gets 409 and nothing half-written", async () => {
    const micro = microOf("爱博片区");
    await dropOrgOf(micro.id);
    const missing = (await admin.request("GET", "/api/v1/party-orgs/consistency")).json().problems;
    expect(missing).toEqual([expect.objectContaining({ kind: "missing_org", gridId: micro.id })]);

    const body = (name: string) => ({ gridId: micro.id, name, kind: "responsibility_zone" });
    const [a, b] = await Promise.all([
      admin.request("POST", "/api/v1/party-orgs", body("并发甲党员责任区")),
      admin.request("POST", "/api/v1/party-orgs", body("并发乙党员责任区")),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.headers["content-type"]).toContain("application/problem+json");
    expect(loser.json().errors).toEqual([{ path: "body.gridId", message: expect.any(String) }]);
    expect(await rows("select name from party_orgs where grid_id = $1", [micro.id])).toHaveLength(1);
    expect((await admin.request("GET", "/api/v1/party-orgs/consistency")).json().problems).toEqual([]);
    const audits = await rows("select count(*)::int as n from audit_log where action = 'party_org.create'");
    expect(audits[0]!.n).toBe(1);
  });

  it("refuses a second organisation on a grid, a kind that does not fit the level and a retired grid", async () => {
    const micro = microOf("华美片区");
    const taken = await admin.request("POST", "/api/v1/party-orgs", { gridId: micro.id, name: "重复党员责任区", kind: "responsibility_zone" });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toContain("一个网格只能对应一个党组织");

    await dropOrgOf(micro.id);
    const wrongKind = await admin.request("POST", "/api/v1/party-orgs", { gridId: micro.id, name: "错层党委", kind: "community_committee" });
    expect(wrongKind.statusCode).toBe(422);
    expect(wrongKind.json().errors[0].path).toBe("body.kind");

    await rows("update grids set valid_to = now() where id = $1", [micro.id]);
    const retired = await admin.request("POST", "/api/v1/party-orgs", { gridId: micro.id, name: "撤销网格党员责任区", kind: "responsibility_zone" });
    expect(retired.statusCode).toBe(422);
    await rows("update grids set valid_to = null where id = $1", [micro.id]);
    const ok = await admin.request("POST", "/api/v1/party-orgs", { gridId: micro.id, name: "恢复党员责任区", kind: "responsibility_zone" });
    expect(ok.statusCode).toBe(201);
  });

  it("reports an organisation left on a retired grid and one whose kind no longer fits after a grid type change", async () => {
    const micro = microOf("航华片区");
    await rows("update grids set valid_to = now() where id = $1", [micro.id]);
    const street = ids.grids.find((g) => g.level === 3 && g.type === "residents_committee")!;
    await rows("update grids set type = 'street_front' where id = $1", [street.id]);
    const problems = (await admin.request("GET", "/api/v1/party-orgs/consistency")).json().problems as { kind: string; gridId: string; message: string }[];
    expect(problems.map((p) => [p.kind, p.gridId]).sort()).toEqual([["kind_mismatch", street.id], ["retired_grid", micro.id]].sort());
    expect(problems.find((p) => p.kind === "kind_mismatch")!.message).toContain("街面/拓展区域党组织");
    await rows("update grids set valid_to = null where id = $1", [micro.id]);
    await rows("update grids set type = 'residents_committee' where id = $1", [street.id]);
  });

  it("moves an organisation only to a grid without one, under optimistic concurrency", async () => {
    const org = (await admin.request("GET", "/api/v1/party-orgs?q=" + encodeURIComponent("党员责任区") + "&limit=2")).json().items[0];
    const renamed = await admin.request("PATCH", `/api/v1/party-orgs/${org.id}`, { version: org.version, name: org.name.replace("党员责任区", "党员责任区（改）") });
    expect(renamed.statusCode).toBe(200);
    const stale = await admin.request("PATCH", `/api/v1/party-orgs/${org.id}`, { version: org.version, name: "过期修改" });
    expect(stale.statusCode).toBe(409);
    const other = microOf("枢纽片区");
    const move = await admin.request("PATCH", `/api/v1/party-orgs/${org.id}`, { version: org.version + 1, gridId: other.id });
    expect(move.statusCode).toBe(409);
    expect((await admin.request("GET", `/api/v1/party-orgs/${org.id}`)).json().gridId).toBe(org.gridId);
  });
});

describe("memberships", () => {
  it("adds a Party member as the responsible member of a zone, lists them on the grid card, and ends the membership", async () => {
    const person = (await admin.request("POST", "/api/v1/people", { name: "测试党员", isPartyMember: true, joinedPartyOn: "2010-07-01", gridId: microOf("爱博片区").id })).json();
    const nonMember = (await admin.request("POST", "/api/v1/people", { name: "群众甲", gridId: microOf("爱博片区").id })).json();
    const org = (await admin.request("GET", `/api/v1/party-orgs?gridId=${microOf("爱博片区").id}`)).json().items[0];

    const added = await admin.request("POST", `/api/v1/party-orgs/${org.id}/memberships`, { personId: person.id, role: "responsible", fromDate: "2021-01-01" });
    expect(added.statusCode).toBe(201);
    const again = await admin.request("POST", `/api/v1/party-orgs/${org.id}/memberships`, { personId: person.id, role: "responsible", fromDate: "2021-02-01" });
    expect(again.statusCode).toBe(409);
    const notMember = await admin.request("POST", `/api/v1/party-orgs/${org.id}/memberships`, { personId: nonMember.id, role: "member", fromDate: "2021-01-01" });
    expect(notMember.statusCode).toBe(422);

    const detail = (await admin.request("GET", `/api/v1/party-orgs/${org.id}`)).json();
    expect(detail.memberships.map((m: { personName: string }) => m.personName)).toContain("测试党员");

    const membership = added.json();
    const early = await admin.request("POST", `/api/v1/party-memberships/${membership.id}/end`, { version: membership.version, toDate: "2020-12-31" });
    expect(early.statusCode).toBe(400);
    const ended = await admin.request("POST", `/api/v1/party-memberships/${membership.id}/end`, { version: membership.version, toDate: "2022-06-30" });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().toDate).toBe("2022-06-30");
    const twice = await admin.request("POST", `/api/v1/party-memberships/${membership.id}/end`, { version: membership.version + 1, toDate: "2022-07-30" });
    expect(twice.statusCode).toBe(409);
  });
});

describe("lists and export", () => {
  it("pages organisations in grid-code order and exports them as a real .xlsx", async () => {
    const first = (await admin.request("GET", "/api/v1/party-orgs?limit=50")).json();
    expect(first.items).toHaveLength(50);
    expect(first.items[0].kind).toBe("community_committee");
    const second = (await admin.request("GET", `/api/v1/party-orgs?limit=200&cursor=${first.nextCursor}`)).json();
    expect(first.items.length + second.items.length).toBe(181);
    const tree = (await admin.request("GET", "/api/v1/party-orgs/tree")).json().items;
    expect(tree).toHaveLength(181);
    const top = tree.find((o: { kind: string }) => o.kind === "community_committee");
    expect(tree.filter((o: { parentId: string | null }) => o.parentId === top.id)).toHaveLength(4);

    const res = await admin.request("GET", "/api/v1/party-orgs/export.xlsx?kind=disposal_council");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const { readXlsx } = await import("../../lib/xlsx");
    const sheet = await readXlsx(res.rawPayload);
    expect(sheet.headers[0]).toBe("名称");
    expect(sheet.rows.map((r) => r.values["网格"]).sort()).toEqual(["华美片区", "枢纽片区", "爱博片区", "航华片区"].sort());
  });
});
