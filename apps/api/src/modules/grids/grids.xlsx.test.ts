import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readXlsx, writeXlsx, XLSX_TYPE } from "../../lib/xlsx";
import { ADMIN_PASSWORD, createTestApp, login, type Session, type TestApp } from "../../test/harness";
import { databaseState } from "./grids.fixtures";

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
});
afterAll(async () => t.close());

async function exportWorkbook(headers?: Record<string, string>): Promise<Buffer> {
  const res = await admin.request("GET", "/api/v1/grids/export.xlsx", undefined, headers);
  expect(res.statusCode).toBe(200);
  expect(res.headers["content-type"]).toBe(XLSX_TYPE);
  expect(String(res.headers["content-disposition"])).toMatch(/^attachment; filename="grids.xlsx"/);
  return res.rawPayload;
}

const upload = (file: Buffer | string, dryRun = false, contentType = XLSX_TYPE, headers: Record<string, string> = {}) =>
  admin.request("POST", `/api/v1/grids/import.xlsx?dryRun=${dryRun}`, file, { "content-type": contentType, ...headers });

type Row = Record<string, string>;
const workbook = (headers: string[], rows: Row[]) => writeXlsx<Row>("网格", headers.map((h) => ({ header: h, value: (r) => r[h] ?? "" })), rows);

async function gridByCode(code: string) {
  const [row] = await t.app.deps.database.query<{ id: string; level: number }>(`select id, level from grids where code = '${code}'`);
  return (await admin.request("GET", `/api/v1/grids/${row!.id}`)).json() as { name: string; type: string; contactName: string | null; contactPhoneMasked: string | null; level: number };
}

describe("the attribute workbook", () => {
  it("exports every current grid with Chinese headers, type labels and masked phones", async () => {
    const sheet = await readXlsx(await exportWorkbook());
    expect(sheet.headers).toEqual(["编码", "名称", "层级", "类型", "上级编码", "联系人", "联系电话", "面积（平方米）", "党组织"]);
    expect(sheet.rows).toHaveLength(181);
    expect(sheet.rows[0]!.values).toMatchObject({ 编码: "310112008000", 名称: "新虹街道", 层级: "街道", 类型: "街道", 上级编码: "" });
    const phones = sheet.rows.map((r) => r.values["联系电话"]).filter(Boolean);
    expect(phones.every((p) => /^\d{3}\*+\d{4}$/.test(p!))).toBe(true);
    const english = await readXlsx(await exportWorkbook({ "accept-language": "en" }));
    expect(english.headers.slice(0, 4)).toEqual(["Code", "Name", "Level", "Type"]);
  });

  it("takes its own export back as all unchanged (masked phones are kept)", async () => {
    const before = await databaseState(t);
    const res = await upload(await exportWorkbook());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, created: 0, updated: 0, redrawn: 0, retired: 0, unchanged: 181 });
    expect(await databaseState(t)).toBe(before);
  });

  it("updates name, type and contact by code from English headers, audited per grid", async () => {
    const sheet = await readXlsx(await exportWorkbook());
    const micro = sheet.rows.find((r) => r.values["层级"] === "微网格")!.values;
    const file = await workbook(["Code", "Name", "Type", "Contact", "Contact phone"], [{ Code: micro["编码"]!, Name: "表格改名", Type: "Street front", Contact: "王五", "Contact phone": "13900001111" }]);
    const dry = await upload(file, true);
    expect(dry.json()).toMatchObject({ dryRun: true, updated: 1 });
    const res = await upload(file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, created: 0, updated: 1, redrawn: 0, retired: 0, unchanged: 0 });
    expect(await gridByCode(micro["编码"]!)).toMatchObject({ name: "表格改名", type: "street_front", contactName: "王五", contactPhoneMasked: "139****1111" });
    const audit = await t.app.deps.database.query<{ action: string }>("select action from audit_log where action like 'grid.%' order by seq desc limit 2");
    expect(audit.map((a) => a.action)).toEqual(["grid.import", "grid.update"]);
  });

  it("reports every bad row by number and writes nothing", async () => {
    const sheet = await readXlsx(await exportWorkbook());
    const autonomous = sheet.rows.find((r) => r.values["层级"] === "自治网格")!.values;
    const [m1, m2] = sheet.rows.filter((r) => r.values["层级"] === "微网格").map((r) => r.values);
    const headers = ["编码", "名称", "类型", "联系人", "联系电话"];
    const file = await workbook(headers, [
      { 编码: "3101120089999999999", 名称: "不存在" },
      { 编码: autonomous["编码"]!, 名称: autonomous["名称"]!, 类型: "居民区" },
      { 编码: m1!["编码"]!, 名称: m1!["名称"]!, 类型: m1!["类型"]!, 联系电话: "12345" },
      { 编码: m2!["编码"]!, 名称: "", 类型: m2!["类型"]!, 联系电话: "138****0000" },
      { 编码: m1!["编码"]!, 名称: "重复" },
      { 编码: m2!["编码"]!.slice(0, -1) + "8", 名称: "好像也不存在", 类型: "城堡" },
    ]);
    const before = await databaseState(t);
    const res = await upload(file);
    expect(res.statusCode, res.body).toBe(422);
    const problems = res.json().problems as { kind: string; at: string; message: string }[];
    expect(problems.map((p) => `${p.kind}@${p.at}`)).toEqual(
      expect.arrayContaining([
        "unknown_code@rows.2.编码",
        "type_mismatch@rows.3.类型",
        "invalid_value@rows.4.联系电话",
        "invalid_value@rows.5.名称",
        "masked_phone@rows.5.联系电话",
        "duplicate_code@rows.6.编码",
      ]),
    );
    expect(problems.find((p) => p.at === "rows.4.联系电话")!.message).toContain("第 4 行");
    expect(await databaseState(t)).toBe(before);
  });

  it("needs a code column", async () => {
    const res = await upload(await workbook(["名称"], [{ 名称: "无编码" }]));
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ kind: "missing_column", at: "headers" })]);
  });

  it("answers a body that is no workbook with a 4xx problem, never a 500", async () => {
    const garbage = await upload(Buffer.from("this is not a zip file at all"));
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ code: "VALIDATION_FAILED" });
    const json = await upload(JSON.stringify({ a: 1 }), false, "application/json");
    expect(json.statusCode).toBe(400);
    const octets = await upload(Buffer.from("PK"), false, "application/octet-stream");
    expect(octets.statusCode).toBe(415);
    expect(octets.json().code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });
});
