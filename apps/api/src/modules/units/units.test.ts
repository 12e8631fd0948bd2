import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readXlsx } from "../../lib/xlsx";
import { ADMIN_PASSWORD, createTestApp, login, type Session, type TestApp } from "../../test/harness";

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
});
afterAll(async () => t.close());

const rows = (text: string, params: unknown[] = []) => t.app.deps.database.query(text, params);

describe("units in the area", () => {
  it("locates a unit given in GCJ-02 near 虹桥火车站 in a micro grid of 枢纽片区 and stores WGS84", async () => {
    const res = await admin.request("POST", "/api/v1/units", {
      name: "测试枢纽物业公司（示例）",
      kind: "enterprise",
      uscc: "91350100M000100Y43",
      address: "申贵路 1500 号",
      location: { lng: 121.3219, lat: 31.1944, crs: "gcj02" },
      partyOrgName: "测试枢纽物业公司党支部",
      partyMemberCount: 7,
      contacts: [{ name: "李经理", title: "总经理", phone: "13800001111" }],
    });
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(unit.location.lng).toBeCloseTo(121.3173, 2);
    const locate = (await admin.request("GET", `/api/v1/grids/locate?lng=${unit.location.lng}&lat=${unit.location.lat}`)).json();
    expect(unit.gridId).toBe(locate.chain[3].id);
    expect(locate.chain[1].name).toBe("枢纽片区");
    expect(unit.contacts).toEqual([{ id: expect.any(String), name: "李经理", title: "总经理", phoneMasked: "138****1111" }]);
    const [contact] = await rows("select phone_enc from unit_contacts where unit_id = $1", [unit.id]);
    expect(String(contact!.phone_enc)).not.toContain("13800001111");
  });

  it("refuses a credit code with a wrong check character, a duplicate code and a point outside the sub-district, writing nothing", async () => {
    const count = async () => (await rows("select count(*)::int as n from units"))[0]!.n;
    const start = await count();
    const bad = await admin.request("POST", "/api/v1/units", { name: "错码公司", kind: "enterprise", uscc: "91350100M000100Y44" }, { "accept-language": "en" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: "body.uscc", message: expect.stringContaining("credit code") }]);
    const dup = await admin.request("POST", "/api/v1/units", { name: "重码公司", kind: "enterprise", uscc: "91350100m000100y43", location: { lng: 121.3219, lat: 31.1944, crs: "gcj02" } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].path).toBe("body.uscc");
    const outside = await admin.request("POST", "/api/v1/units", { name: "外地公司", kind: "enterprise", location: { lng: 121.47, lat: 31.23, crs: "wgs84" } });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].path).toBe("body.location");
    expect(await count()).toBe(start);
  });

  it("edits under optimistic concurrency, keeps unchanged contact phones, reveals them audited and exports .xlsx", async () => {
    const unit = (await admin.request("GET", "/api/v1/units?q=" + encodeURIComponent("测试枢纽物业"))).json().items[0];
    const edited = await admin.request("PATCH", `/api/v1/units/${unit.id}`, { version: unit.version, contacts: [{ name: "李经理", title: "董事长" }, { name: "赵主任", phone: "13900002222" }] });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().contacts.map((c: { phoneMasked: string }) => c.phoneMasked)).toEqual(["138****1111", "139****2222"]);
    const stale = await admin.request("PATCH", `/api/v1/units/${unit.id}`, { version: unit.version, name: "过期" });
    expect(stale.statusCode).toBe(409);
    const revealed = (await admin.request("GET", `/api/v1/units/${unit.id}/personal-data`)).json();
    expect(revealed.contacts.map((c: { phone: string }) => c.phone)).toEqual(["13800001111", "13900002222"]);
    expect(await rows("select 1 from audit_log where action = 'unit.contacts.unmask' and entity_id = $1", [unit.id])).toHaveLength(1);

    const xlsx = await admin.request("GET", "/api/v1/units/export.xlsx?q=" + encodeURIComponent("测试枢纽物业"));
    const sheet = await readXlsx(xlsx.rawPayload);
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.rows[0]!.values["统一社会信用代码"]).toBe("91350100M000100Y43");
    expect(sheet.rows[0]!.values["联系人"]).toContain("138****1111");
  });
});
