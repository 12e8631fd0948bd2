import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "./app";
import { loadConfig } from "./config/env";
import { logSmsSender, type SmsSender } from "./lib/sms";
import { XLSX_TYPE } from "./lib/xlsx";
import { ADMIN_PASSWORD, createTestDatabase, login, seeded, sessionFor } from "./test/harness";

// The log scan of issue 10: the main flows run with logging on at debug into a file, and the file
// must hold none of the phone or ID numbers they used — however the lines were written.

/** Every number the flows use, with the forms they are typed in. */
const RESIDENT = { phone: "13712345678", typed: "137 1234 5678" };
const IN_DESCRIPTION = { phone: "13800138000", typed: "138-0013-8000" };
const HOTLINE = "13911112222";
const OPEN311 = { phone: "13655556666", typed: "+86 136 5555 6666" };
const ID_NUMBER = "110101199003078515";

describe("logs hold no personal data", () => {
  let app: FastifyInstance;
  let dir: string;
  let logFile: string;
  let drop: () => Promise<void>;
  const codes: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-log-scan-"));
    logFile = path.join(dir, "server.log");
    const database = await createTestDatabase();
    drop = database.drop;
    const config = loadConfig(
      { CAIHONG_TENANT: "xinhong", LOG_LEVEL: "debug" },
      { databaseUrl: database.url, inMemory: !database.url, dataDir: dir, photoDir: null, clockIntervalSeconds: 0, seedDemoCases: false, adminPassword: ADMIN_PASSWORD, dataKey: randomBytes(32).toString("base64") },
    );
    // The server's own log sender (as in production: no NODE_ENV=development), remembering codes for the flow.
    const sms: SmsSender = {
      async send(phone, text) {
        codes.push(/\d{6}/.exec(text)![0]);
        await logSmsSender(app.log, { showText: config.development }).send(phone, text);
      },
    };
    app = await build({ config, sms, logger: { level: "debug", destination: { write: (line: string) => fs.appendFileSync(logFile, line) } } });
  }, 120_000);

  afterAll(async () => {
    await app.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("registers, signs in, reports, imports, reveals and posts to Open311 with debug logs that name no phone or ID number", async () => {
    // A resident registers with an SMS code and signs in with the phone.
    const code = await app.inject({ method: "POST", url: "/api/v1/auth/register/code", payload: { phone: RESIDENT.typed } });
    expect(code.statusCode, code.body).toBe(200);
    const registered = await app.inject({ method: "POST", url: "/api/v1/auth/register", payload: { phone: RESIDENT.typed, code: codes.at(-1), password: "resident-pass-1", displayName: "居民甲" } });
    expect(registered.statusCode, registered.body).toBe(201);
    const signIn = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: RESIDENT.phone, password: "resident-pass-1" } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const resident = sessionFor(app, String(signIn.cookies.find((c) => c.name === "caihong_sid")?.value), signIn.json().csrfToken, signIn.json().id);

    const admin = await login(app, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const micro = ids.grids.find((g) => g.level === 4)!;
    const point = ((await admin.request("GET", `/api/v1/grids/${micro.id}`)).json() as { centroid: { lng: number; lat: number } }).centroid;
    const category = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items.find((c) => c.code === "0601")!;

    // The resident reports with a phone and an ID number in the description.
    const reported = await resident.request("POST", "/api/v1/cases", { categoryId: category.id, description: `单车堵门，联系我 ${IN_DESCRIPTION.typed}，身份证 ${ID_NUMBER}`, location: point });
    expect(reported.statusCode, reported.body).toBe(201);

    // Staff search by a phone (it travels in the URL) and import a 12345 order with a caller's phone.
    expect((await admin.request("GET", `/api/v1/cases?q=${IN_DESCRIPTION.phone}`)).statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("工单");
    const headers = ["工单编号", "受理时间", "问题分类", "诉求内容", "发生地址", "经度", "纬度", "坐标系", "诉求人", "联系电话", "紧急程度"];
    ws.addRow(headers);
    ws.addRow(["2611280001", "2026-11-28 07:30", "0601", `来电人 ${HOTLINE} 反映单车堆放`, "申长路", point.lng, point.lat, "wgs84", "周女士", HOTLINE, ""]);
    const imported = await admin.request("POST", "/api/v1/cases/import-12345.xlsx?dryRun=false", Buffer.from(await wb.xlsx.writeBuffer()), { "content-type": XLSX_TYPE });
    expect(imported.statusCode, imported.body).toBe(200);
    const hotline = ((await admin.request("GET", "/api/v1/cases?channel=hotline")).json() as { items: { id: string }[] }).items[0]!;
    const revealed = await admin.request("GET", `/api/v1/cases/${hotline.id}/reporter`);
    expect(revealed.json().phone).toBe(HOTLINE);

    // An Open311 client posts a report with a formatted phone.
    const key = (await admin.request("POST", "/api/v1/api-keys", { name: "FixMyStreet", permissions: ["cases.report"], scope: "all" })).json().secret as string;
    const form = new URLSearchParams({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), phone: OPEN311.typed, description: `请回电 ${OPEN311.typed}`, first_name: "Jane", last_name: "Doe" });
    const posted = await app.inject({ method: "POST", url: "/open311/v2/requests.json", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: form.toString() });
    expect(posted.statusCode, posted.body).toBe(201);
    // And a request that fails with a phone in its query.
    await app.inject({ method: "GET", url: `/open311/v2/requests.json?service_request_id=${OPEN311.phone}&start_date=${ID_NUMBER}` });

    const log = fs.readFileSync(logFile, "utf8");
    // The scan saw real traffic: request lines at debug and the SMS sender's line.
    expect(log).toContain("incoming request");
    expect(log).toContain("SMS to 137****5678");
    for (const number of [RESIDENT.phone, RESIDENT.typed, IN_DESCRIPTION.phone, IN_DESCRIPTION.typed, HOTLINE, OPEN311.phone, OPEN311.typed, ID_NUMBER]) {
      expect(log, number).not.toContain(number);
    }
    // Outside development the code sent by SMS is not logged either.
    for (const sent of codes) expect(log, sent).not.toMatch(new RegExp(`验证码是 ${sent}`));
    for (const line of log.trim().split("\n")) expect(() => JSON.parse(line), line).not.toThrow();
  });
});
