import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeXlsx, XLSX_TYPE } from "../../lib/xlsx";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";
import { clone, databaseState, exportFeatures, type GridCollectionJson } from "./grids.fixtures";

let t: TestApp;
let admin: Session;
/** grids.read + grids.write on 爱博片区 and below. */
let editor: Session;
/** 网格长 of 爱博片区: grids.read only. */
let head: Session;
/** 网格员 of one micro grid. */
let worker: Session;
let all: GridCollectionJson;
let aiboCode: string;
let huameiCode: string;

interface Node {
  id: string;
  code: string;
  name: string;
  level: number;
  parentId: string | null;
}
let nodes: Node[];
const idOf = (code: string) => nodes.find((n) => n.code === code)!.id;

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const { grid, role, grids } = await seeded(admin);
  nodes = grids as Node[];
  const created = await admin.request("POST", "/api/v1/roles", { code: "grid_editor", nameZh: "网格编辑", nameEn: "Grid editor", permissions: ["grids.read", "grids.write"] });
  if (created.statusCode !== 201) throw new Error(`role: ${created.statusCode} ${created.body}`);
  const editorRole = (created.json() as { id: string }).id;
  editor = await createUserAndLogin(admin, t.app, { username: "aibo.editor", gridId: grid("爱博片区"), roles: [{ roleId: editorRole, scope: "subtree", gridId: grid("爱博片区") }] });
  head = await createUserAndLogin(admin, t.app, { username: "aibo.head", gridId: grid("爱博片区"), roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: grid("爱博片区") }] });
  all = await exportFeatures(admin);
  aiboCode = all.features.find((f) => f.properties.name === "爱博片区")!.properties.code;
  huameiCode = all.features.find((f) => f.properties.name === "华美片区")!.properties.code;
  const micro = all.features.find((f) => f.properties.level === 4 && f.properties.code.startsWith(aiboCode))!;
  worker = await createUserAndLogin(admin, t.app, { username: "aibo.worker", gridId: idOf(micro.properties.code), roles: [{ roleId: role("grid_worker"), scope: "subtree", gridId: idOf(micro.properties.code) }] });
});
afterAll(async () => t.close());

const microOf = (prefix: string) => all.features.find((f) => f.properties.level === 4 && f.properties.code.startsWith(prefix))!;

describe("grid scope: 爱博片区's people and 华美片区's grids", () => {
  it("shows only 爱博片区's subtree on the map, in the export and in the topology report", async () => {
    const map = (await editor.request("GET", "/api/v1/grids/map.geojson")).json() as GridCollectionJson;
    const codes = map.features.map((f) => f.properties.code);
    const expected = all.features.filter((f) => f.properties.code.startsWith(aiboCode)).length;
    expect(codes).toHaveLength(expected);
    expect(codes.every((c) => c.startsWith(aiboCode))).toBe(true);
    expect(codes.some((c) => c.startsWith(huameiCode))).toBe(false);
    const headMap = (await head.request("GET", "/api/v1/grids/map.geojson")).json() as GridCollectionJson;
    expect(headMap.features.some((f) => f.properties.code.startsWith(huameiCode))).toBe(false);
    const exported = await exportFeatures(editor);
    expect(exported.features.map((f) => f.properties.code).sort()).toEqual([...codes].sort());
    const topology = (await editor.request("GET", "/api/v1/grids/topology")).json();
    expect(topology).toMatchObject({ grids: expected, problems: [] });
  });

  it("refuses to read a 华美片区 grid's card, and shows 爱博片区's", async () => {
    expect((await editor.request("GET", `/api/v1/grids/${idOf(microOf(huameiCode).properties.code)}`)).statusCode).toBe(403);
    expect((await head.request("GET", `/api/v1/grids/${idOf(huameiCode)}`)).statusCode).toBe(403);
    expect((await head.request("GET", `/api/v1/grids/${idOf(microOf(aiboCode).properties.code)}`)).statusCode).toBe(200);
  });

  it("refuses to edit a 华美片区 grid, and a 网格长 without grids.write edits nothing", async () => {
    const huamei = idOf(microOf(huameiCode).properties.code);
    const aibo = idOf(microOf(aiboCode).properties.code);
    const before = await databaseState(t);
    const forbidden = await editor.request("PATCH", `/api/v1/grids/${huamei}`, { version: 1, name: "越权改名" });
    expect(forbidden.statusCode).toBe(403);
    expect((await head.request("PATCH", `/api/v1/grids/${aibo}`, { version: 1, name: "无权改名" })).statusCode).toBe(403);
    expect(await databaseState(t)).toBe(before);
    const version = ((await editor.request("GET", `/api/v1/grids/${aibo}`)).json() as { version: number }).version;
    const ok = await editor.request("PATCH", `/api/v1/grids/${aibo}`, { version, name: "爱博内改名" });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it("refuses an import that changes a 华美片区 grid and writes nothing; 爱博片区 changes go through", async () => {
    const fc = clone(await exportFeatures(admin));
    fc.features.find((f) => f.properties.code === microOf(huameiCode).properties.code)!.properties.name = "越权导入";
    const before = await databaseState(t);
    const res = await editor.request("POST", "/api/v1/grids/import", fc);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain(microOf(huameiCode).properties.code);
    expect((await head.request("POST", "/api/v1/grids/import?dryRun=true", await exportFeatures(head))).statusCode).toBe(403);
    expect(await databaseState(t)).toBe(before);

    const own = clone(await exportFeatures(editor));
    own.features.find((f) => f.properties.level === 4)!.properties.name = "爱博内导入改名";
    const ok = await editor.request("POST", "/api/v1/grids/import", own);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ updated: 1, unchanged: own.features.length - 1 });
  });

  it("refuses a workbook that changes a 华美片区 grid", async () => {
    const file = await writeXlsx<{ code: string }>("网格", [{ header: "编码", value: (r) => r.code }, { header: "名称", value: () => "越权表格" }], [{ code: microOf(huameiCode).properties.code }]);
    const before = await databaseState(t);
    const res = await editor.request("POST", "/api/v1/grids/import.xlsx", file, { "content-type": XLSX_TYPE });
    expect(res.statusCode).toBe(403);
    expect(await databaseState(t)).toBe(before);
  });

  it("shows a 网格员 only their micro grid", async () => {
    const list = (await worker.request("GET", "/api/v1/grids")).json() as { items: Node[] };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.level).toBe(4);
    const map = (await worker.request("GET", "/api/v1/grids/map.geojson")).json() as GridCollectionJson;
    expect(map.features.map((f) => f.properties.code)).toEqual([list.items[0]!.code]);
    const sibling = all.features.find((f) => f.properties.level === 4 && f.properties.code !== list.items[0]!.code && f.properties.parentCode === map.features[0]!.properties.parentCode)!;
    expect((await worker.request("GET", `/api/v1/grids/${idOf(sibling.properties.code)}`)).statusCode).toBe(403);
  });
});
