import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

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
const firstMicroUnder = (name: string) => {
  const byId = new Map(ids.grids.map((g) => [g.id, g]));
  return ids.grids.find((g) => g.level === 4 && byId.get(byId.get(g.parentId!)!.parentId!)!.id === ids.grid(name))!;
};

describe("people: personal data", () => {
  it("stores phone and ID number encrypted, shows them masked, and audits every reveal", async () => {
    const res = await admin.request("POST", "/api/v1/people", {
      name: "王建国",
      gender: "male",
      birthYear: 1985,
      phone: "13912345678",
      idNumber: "11010519491231002X",
      isPartyMember: true,
      joinedPartyOn: "2008-07-01",
      gridId: firstMicroUnder("爱博片区").id,
    });
    expect(res.statusCode).toBe(201);
    const person = res.json();
    expect(person.phoneMasked).toBe("139****5678");
    expect(person.idNumberMasked).toBe("110105********002X");
    const [stored] = await rows("select phone_enc, id_number_enc, phone_hash from people where id = $1", [person.id]);
    expect(JSON.stringify(stored)).not.toContain("13912345678");
    expect(JSON.stringify(stored)).not.toContain("19491231");

    const byPhone = (await admin.request("GET", "/api/v1/people?q=13912345678")).json().items;
    expect(byPhone.map((p: { id: string }) => p.id)).toEqual([person.id]);

    const before = (await rows("select count(*)::int as n from audit_log where action = 'person.personal_data.unmask'"))[0]!.n;
    const revealed = (await admin.request("GET", `/api/v1/people/${person.id}/personal-data`)).json();
    expect(revealed).toEqual({ phone: "13912345678", idNumber: "11010519491231002X" });
    const after = (await rows("select count(*)::int as n from audit_log where action = 'person.personal_data.unmask'"))[0]!.n;
    expect(after).toBe((before as number) + 1);
  });

  it("rejects an ID number with a wrong check digit, a floating member who is not a member, and a duplicate ID, writing nothing", async () => {
    const count = async () => (await rows("select count(*)::int as n from people"))[0]!.n;
    const start = await count();
    const bad = await admin.request("POST", "/api/v1/people", { name: "错号", idNumber: "110105194912310021" }, { "accept-language": "zh-CN" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: "body.idNumber", message: expect.stringContaining("身份证号无效") }]);
    const floating = await admin.request("POST", "/api/v1/people", { name: "流动", isPartyMember: false, isFloatingMember: true });
    expect(floating.statusCode).toBe(400);
    const duplicate = await admin.request("POST", "/api/v1/people", { name: "重号", idNumber: "11010519491231002X", gridId: firstMicroUnder("爱博片区").id });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].path).toBe("body.idNumber");
    expect(await count()).toBe(start);
  });

  it("keeps the later of two concurrent edits from silently overwriting the first (one 200, one 409)", async () => {
    const person = (await admin.request("POST", "/api/v1/people", { name: "并发编辑", gridId: firstMicroUnder("华美片区").id })).json();
    const [a, b] = await Promise.all([
      admin.request("PATCH", `/api/v1/people/${person.id}`, { version: person.version, birthYear: 1970 }),
      admin.request("PATCH", `/api/v1/people/${person.id}`, { version: person.version, birthYear: 1980 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });
});

describe("grid staff posts grant account scope", () => {
  it("gives a 网格员's account its micro grid while the post lasts, and takes it away when the post ends", async () => {
    const micro = firstMicroUnder("枢纽片区");
    const worker = await createUserAndLogin(admin, t.app, { username: "post.worker", roles: [] });
    expect((await worker.request("GET", "/api/v1/grids")).statusCode).toBe(403);
    const userId = (await worker.request("GET", "/api/v1/auth/me")).json().id;
    const person = (await admin.request("POST", "/api/v1/people", { name: "岗位测试", gridId: micro.id, userId })).json();
    const post = await admin.request("POST", "/api/v1/staff-assignments", { gridId: micro.id, personId: person.id, post: "grid_worker", fromDate: "2020-01-01" });
    expect(post.statusCode).toBe(201);
    expect(post.json().grantsAccess).toBe(true);

    const visible = (await worker.request("GET", "/api/v1/grids")).json().items;
    expect(visible.map((g: { id: string }) => g.id)).toEqual([micro.id]);
    const dup = await admin.request("POST", "/api/v1/staff-assignments", { gridId: micro.id, personId: person.id, post: "grid_worker", fromDate: "2020-02-01" });
    expect(dup.statusCode).toBe(409);

    const ended = await admin.request("POST", `/api/v1/staff-assignments/${post.json().id}/end`, { version: 1, toDate: "2021-01-01" });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().grantsAccess).toBe(false);
    expect((await worker.request("GET", "/api/v1/grids")).statusCode).toBe(403);
    const audit = await rows("select action from audit_log where entity_id = $1 order by seq", [post.json().id]);
    expect(audit.map((r) => r.action)).toEqual(["staff_assignment.create", "staff_assignment.end"]);
  });

  it("keeps post grants when an admin rewrites the account's own roles", async () => {
    const micro = firstMicroUnder("航华片区");
    const worker = await createUserAndLogin(admin, t.app, { username: "post.keeper", roles: [] });
    const me = (await worker.request("GET", "/api/v1/auth/me")).json();
    const userId = me.id;
    const person = (await admin.request("POST", "/api/v1/people", { name: "岗位保留", gridId: micro.id, userId })).json();
    await admin.request("POST", "/api/v1/staff-assignments", { gridId: micro.id, personId: person.id, post: "grid_head", fromDate: "2020-01-01" });
    const user = (await admin.request("GET", `/api/v1/users/${userId}`)).json();
    const res = await admin.request("PATCH", `/api/v1/users/${userId}`, { version: user.version, roles: [] });
    expect(res.statusCode).toBe(200);
    expect((await worker.request("GET", "/api/v1/grids")).json().items.map((g: { id: string }) => g.id)).toEqual([micro.id]);
  });

  it("refuses to let a 网格长 without account administration link an account to a person, writing nothing", async () => {
    const micro = firstMicroUnder("爱博片区");
    const head = await createUserAndLogin(admin, t.app, { username: "link.head", gridId: ids.grid("爱博片区"), roles: [{ roleId: ids.role("grid_head"), scope: "subtree", gridId: ids.grid("爱博片区") }] });
    const target = await createUserAndLogin(admin, t.app, { username: "link.target", gridId: micro.id, roles: [] });
    const targetId = (await target.request("GET", "/api/v1/auth/me")).json().id;
    const person = (await head.request("POST", "/api/v1/people", { name: "链接测试", gridId: micro.id })).json();
    const linked = await head.request("PATCH", `/api/v1/people/${person.id}`, { version: person.version, userId: targetId });
    expect(linked.statusCode).toBe(403);
    expect((await head.request("GET", `/api/v1/people/${person.id}`)).json().userId).toBeNull();
    const created = await head.request("POST", "/api/v1/people", { name: "链接测试二", gridId: micro.id, userId: targetId });
    expect(created.statusCode).toBe(403);
  });
});
