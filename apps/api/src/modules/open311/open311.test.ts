import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, seeded, type Session, type TestApp } from "../../test/harness";

const JSON_TYPE = "application/json; charset=utf-8";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const XML_TYPE = "text/xml; charset=utf-8";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const FORM = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };

type Fields = [string, string][] | Record<string, string>;
interface Request311 {
  service_request_id: string;
  status: string;
  status_notes: string;
  service_code: string;
  service_name: string;
  description: string;
  requested_datetime: string;
  lat: number;
  long: number;
  extended_attributes?: { channel: string; grid: string; state: string };
  notes?: { datetime: string; description: string; type: string }[];
}

describe("Open311 GeoReport v2", () => {
  let t: TestApp;
  let admin: Session;
  let key: string;
  let readOnlyKey: string;
  let point: { lat: number; lng: number };
  let microId: string;
  const body = (fields: Fields) => new URLSearchParams(fields).toString();
  const post = (fields: Fields, format = "json", headers: Record<string, string> = {}) =>
    t.app.inject({ method: "POST", url: `/open311/v2/requests.${format}`, headers: { ...FORM, ...headers }, payload: body(fields) });
  const get = (url: string) => t.app.inject({ method: "GET", url: `/open311/v2/${url}` });
  const report = (fields: Record<string, string> = {}) =>
    post({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), description: "共享单车堆在地铁口", ...fields });
  const caseOf = async (id: string) => (await admin.request("GET", `/api/v1/cases/${id}`)).json();
  /** Takes a step as the admin (a dispatcher everywhere) on the current version. */
  const step = async (id: string, body: Record<string, unknown>) => {
    const c = await caseOf(id);
    const res = await admin.request("POST", `/api/v1/cases/${id}/transitions`, { version: c.version, ...body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const micro = ids.grids.find((g) => g.level === 4)!;
    microId = micro.id;
    const detail = (await admin.request("GET", `/api/v1/grids/${micro.id}`)).json();
    point = { lng: detail.centroid.lng, lat: detail.centroid.lat };
    const created = await admin.request("POST", "/api/v1/api-keys", { name: "Open311 client", permissions: ["cases.report", "cases.read"], scope: "all" });
    expect(created.statusCode, created.body).toBe(201);
    key = created.json().secret;
    const readOnly = await admin.request("POST", "/api/v1/api-keys", { name: "Open311 reader", permissions: ["cases.read"], scope: "all" });
    readOnlyKey = readOnly.json().secret;
  }, 60_000);
  afterAll(async () => t.close());

  describe("discovery and services", () => {
    it("discovery names the contact, how keys are issued and one production endpoint in both formats", async () => {
      const json = await get("discovery.json");
      expect(json.statusCode).toBe(200);
      expect(json.headers["content-type"]).toBe(JSON_TYPE);
      const d = json.json();
      expect(d.contact).toContain("城运中心");
      expect(d.key_service).toContain("API 密钥");
      expect(d.changeset).toMatch(/\+08:00$/);
      expect(d.privacy).toContain("0.001°");
      expect(d.endpoints).toEqual([{ specification: "http://wiki.open311.org/GeoReport_v2", url: "http://localhost:80/open311/v2", changeset: d.changeset, type: "production", formats: ["text/xml", "application/json"] }]);

      const xml = await get("discovery.xml");
      expect(xml.headers["content-type"]).toBe(XML_TYPE);
      expect(xml.body.startsWith(XML_DECLARATION)).toBe(true);
      expect(xml.body).toContain("<discovery><changeset>");
      expect(xml.body).toContain("<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>");
      expect(xml.body).toContain("<formats><format>text/xml</format><format>application/json</format></formats>");
    });

    it("services lists each active 小类 with string codes, its 大类 as group and metadata when it has extra fields", async () => {
      const res = await get("services.json");
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe(JSON_TYPE);
      const services = res.json() as { service_code: string; service_name: string; metadata: boolean; type: string; keywords: string; group: string; description: string }[];
      expect(services.every((s) => typeof s.service_code === "string" && s.service_code.length === 4)).toBe(true);
      expect(services.find((s) => s.service_code === "06")).toBeUndefined();
      expect(services.find((s) => s.service_code === "0601")).toEqual({
        service_code: "0601",
        service_name: "共享单车乱停放",
        description: "共享单车堆积、倒伏或占用盲道、出入口",
        metadata: true,
        type: "realtime",
        keywords: "单车,哈啰,美团",
        group: "社区治理",
      });
      expect(services.find((s) => s.service_code === "0102")?.metadata).toBe(false);
    });

    it("services in XML: the declaration, <services><service> and booleans as true/false", async () => {
      const res = await get("services.xml");
      expect(res.headers["content-type"]).toBe(XML_TYPE);
      expect(res.body.startsWith(`${XML_DECLARATION}\n<services><service><service_code>0101</service_code>`)).toBe(true);
      expect(res.body).toContain("<service_code>0601</service_code><service_name>共享单车乱停放</service_name>");
      expect(res.body).toContain("<metadata>true</metadata><type>realtime</type><keywords>单车,哈啰,美团</keywords><group>社区治理</group>");
      expect(res.body).toContain("<metadata>false</metadata>");
    });

    it("an inactive category is neither listed nor defined nor accepted", async () => {
      const cats = (await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string; version: number }[] };
      const sorting = cats.items.find((c) => c.code === "0606")!;
      const off = await admin.request("PATCH", `/api/v1/case-categories/${sorting.id}`, { version: sorting.version, active: false });
      expect(off.statusCode, off.body).toBe(200);
      try {
        expect((await get("services.json")).json().map((s: { service_code: string }) => s.service_code)).not.toContain("0606");
        expect((await get("services/0606.json")).statusCode).toBe(404);
        expect((await report({ service_code: "0606" })).statusCode).toBe(404);
      } finally {
        await admin.request("PATCH", `/api/v1/case-categories/${sorting.id}`, { version: off.json().version, active: true });
      }
    });

    it("a service definition gives the extra fields as attributes, with values for list types", async () => {
      const res = await get("services/0601.json");
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe(JSON_TYPE);
      expect(res.json()).toEqual({
        service_code: "0601",
        attributes: [
          {
            variable: true,
            code: "bike_brand",
            datatype: "multivaluelist",
            required: false,
            datatype_description: null,
            order: 1,
            description: "单车品牌",
            values: [
              { key: "meituan", name: "美团" },
              { key: "hellobike", name: "哈啰" },
              { key: "qingju", name: "青桔" },
              { key: "other", name: "其他" },
            ],
          },
        ],
      });
      const floor = (await get("services/0602.json")).json().attributes[0];
      expect(floor).toEqual({ variable: true, code: "floor", datatype: "number", required: false, datatype_description: "发生问题的楼层", order: 1, description: "楼层" });
      expect((await get("services/0603.json")).json().attributes[0]).toMatchObject({ code: "noise_period", datatype: "singlevaluelist", required: true });
    });

    it("a service definition in XML nests attributes, values and keys", async () => {
      const res = await get("services/0601.xml");
      expect(res.headers["content-type"]).toBe(XML_TYPE);
      expect(res.body).toBe(
        `${XML_DECLARATION}\n<service_definition><service_code>0601</service_code><attributes><attribute><variable>true</variable><code>bike_brand</code><datatype>multivaluelist</datatype><required>false</required><order>1</order><description>单车品牌</description><values><value><key>meituan</key><name>美团</name></value><value><key>hellobike</key><name>哈啰</name></value><value><key>qingju</key><name>青桔</name></value><value><key>other</key><name>其他</name></value></values></attribute></attributes></service_definition>\n`,
      );
    });

    it("an unknown service code is 404 in the spec's errors shape, JSON array or XML", async () => {
      const json = await get("services/9999.json");
      expect(json.statusCode).toBe(404);
      expect(json.headers["content-type"]).toBe(JSON_TYPE);
      expect(json.json()).toEqual([{ code: 404, description: "服务代码 9999 不存在" }]);
      const xml = await get("services/9999.xml");
      expect(xml.statusCode).toBe(404);
      expect(xml.body).toBe(`${XML_DECLARATION}\n<errors><error><code>404</code><description>服务代码 9999 不存在</description></error></errors>\n`);
    });

    it("an unknown format or endpoint is 404 in the errors shape, not problem+json", async () => {
      for (const url of ["services.yaml", "services/0601.yaml", "services/0601", "requests.yaml", "nothing-here.json"]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.headers["content-type"], url).toBe(JSON_TYPE);
        expect(res.json()[0].code, url).toBe(404);
      }
    });

    it("the endpoints are in the OpenAPI document under the open311 tag", async () => {
      const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
      expect(doc.paths["/open311/v2/requests.{format}"].post.tags).toEqual(["open311"]);
      expect(doc.paths["/open311/v2/requests.{format}"].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["start_date", "end_date", "status", "page", "page_size", "extensions"]));
      expect(Object.keys(doc.paths).filter((p) => p.startsWith("/open311/v2/")).sort()).toEqual([
        "/open311/v2/discovery.{format}",
        "/open311/v2/requests.{format}",
        "/open311/v2/requests/{file}",
        "/open311/v2/servicerequestupdates.{format}",
        "/open311/v2/services.{format}",
        "/open311/v2/services/{file}",
        "/open311/v2/tokens/{file}",
      ]);
    });
  });

  describe("POST requests", () => {
    it("files a case of channel open311 in the micro grid of the point, with repeated multivaluelist answers", async () => {
      const res = await post([
        ["api_key", key],
        ["service_code", "0601"],
        ["lat", String(point.lat)],
        ["long", String(point.lng)],
        ["address_string", "申长路 988 弄"],
        ["description", "共享单车堆在地铁口，挡住盲道"],
        ["first_name", "小明"],
        ["last_name", "王"],
        ["phone", "13800138000"],
        ["email", "someone@example.com"],
        ["attribute[bike_brand][]", "meituan"],
        ["attribute[bike_brand][]", "hellobike"],
      ]);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers["content-type"]).toBe(JSON_TYPE);
      const [created] = res.json();
      expect(created.service_request_id).toMatch(UUID);
      expect(created.account_id).toBeNull();
      expect(created.service_notice).toBe("已受理；立案后公开，并派遣处置，可凭此编号跟进");

      const c = await caseOf(created.service_request_id);
      expect(c).toMatchObject({ channel: "open311", state: "reported", gridId: microId, categoryCode: "0601", description: "共享单车堆在地铁口，挡住盲道", address: "申长路 988 弄" });
      expect(c.attributes).toEqual({ bike_brand: ["meituan", "hellobike"] });
      expect(c.reporter.name).toBe("王**");
      expect(c.reporter.phoneMasked).toBe("138****8000");
      expect(c.location).toEqual({ lng: point.lng, lat: point.lat });
    });

    it("answers in XML with the public id as a string and leaves null fields out", async () => {
      const res = await post({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), "attribute[bike_brand]": "qingju" }, "xml");
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers["content-type"]).toBe(XML_TYPE);
      expect(res.body).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<service_requests><request><service_request_id>[0-9a-f-]{36}<\/service_request_id><service_notice>[^<]+<\/service_notice><\/request><\/service_requests>\n$/);
      const number = /<service_request_id>([^<]+)</.exec(res.body)![1]!;
      const c = await caseOf(number);
      expect(c.description).toBe("共享单车乱停放");
      expect(c.attributes).toEqual({ bike_brand: ["qingju"] });
    });

    it("accepts the key as Authorization: Bearer and converts number attributes", async () => {
      const res = await post({ service_code: "0602", lat: String(point.lat), long: String(point.lng), description: "楼道里停满电瓶车", "attribute[floor]": "3" }, "json", { authorization: `Bearer ${key}` });
      expect(res.statusCode, res.body).toBe(201);
      expect((await caseOf(res.json()[0].service_request_id)).attributes).toEqual({ floor: 3 });
    });

    it("refuses a missing key, a bad key and a key without cases.report with 403", async () => {
      const fields = { service_code: "0601", lat: String(point.lat), long: String(point.lng) };
      const missing = await post(fields);
      expect(missing.statusCode).toBe(403);
      expect(missing.json()).toEqual([{ code: 403, description: "缺少 api_key" }]);
      const bad = await post({ ...fields, api_key: "not-a-key" }, "xml");
      expect(bad.statusCode).toBe(403);
      expect(bad.body).toContain("<errors><error><code>403</code>");
      const readOnly = await post({ ...fields, api_key: readOnlyKey });
      expect(readOnly.statusCode).toBe(403);
      expect(readOnly.json()[0].description).toContain("cases.report");
    });

    it("a key that may only report (no cases.read) still gets its request id back", async () => {
      const reporterKey = (await admin.request("POST", "/api/v1/api-keys", { name: "Open311 reporter", permissions: ["cases.report"], scope: "all" })).json().secret;
      const res = await post({ api_key: reporterKey, service_code: "0102", lat: String(point.lat), long: String(point.lng), description: "路边一堆垃圾" });
      expect(res.statusCode, res.body).toBe(201);
      expect((await caseOf(res.json()[0].service_request_id)).channel).toBe("open311");
    });

    it("an unknown service_code is 404", async () => {
      const res = await report({ service_code: "9901" });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual([{ code: 404, description: "服务代码 9901 不存在" }]);
    });

    it("a missing required attribute is 400 naming the attribute", async () => {
      const res = await report({ service_code: "0603", description: "楼下酒吧很吵" });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual([{ code: 400, description: "attribute[noise_period]: 必填" }]);
      const ok = await report({ service_code: "0603", description: "楼下酒吧很吵", "attribute[noise_period]": "night" });
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it("an unknown attribute or an answer outside the list is 400", async () => {
      const unknown = await report({ "attribute[colour]": "red" });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()[0].description).toMatch(/^attribute\[colour\]: /);
      const outside = await report({ "attribute[bike_brand][]": "ofo" });
      expect(outside.statusCode).toBe(400);
      expect(outside.json()[0].description).toMatch(/^attribute\[bike_brand\]: /);
    });

    it("a description with HTML or over 4,000 characters is 400; exactly 4,000 is accepted", async () => {
      const html = await report({ description: "单车<script>alert(1)</script>" });
      expect(html.statusCode).toBe(400);
      expect(html.json()[0].description).toMatch(/^description: /);
      const long = await report({ description: "车".repeat(4001) });
      expect(long.statusCode).toBe(400);
      expect(long.json()[0].description).toBe("description: 最多 4000 个字符");
      expect((await report({ description: "车".repeat(4000) })).statusCode).toBe(201);
    });

    it("a point outside the sub-district is 400", async () => {
      const res = await report({ lat: "31.0", long: "121.0" });
      expect(res.statusCode).toBe(400);
      expect(res.json()[0].description).toMatch(/^lat\/long: /);
    });

    it("an address without lat/long is 400: the micro grid needs a point", async () => {
      const res = await post({ api_key: key, service_code: "0601", address_string: "申长路 988 弄" });
      expect(res.statusCode).toBe(400);
      expect(res.json()[0].description).toBe("lat/long: 必填");
      const onlyLat = await post({ api_key: key, service_code: "0601", lat: String(point.lat) });
      expect(onlyLat.statusCode).toBe(400);
    });

    it("takes a phone the way FixMyStreet formats it and keeps it normalised; a landline too", async () => {
      const formatted = await report({ phone: "+86 138 0013 8000" });
      expect(formatted.statusCode, formatted.body).toBe(201);
      expect((await caseOf(formatted.json()[0].service_request_id)).reporter.phoneMasked).toBe("138****8000");
      const landline = await report({ phone: "(021) 6123 4567" });
      expect(landline.statusCode, landline.body).toBe(201);
      const revealed = await admin.request("GET", `/api/v1/cases/${landline.json()[0].service_request_id}/reporter`);
      expect(revealed.json().phone).toBe("02161234567");
    });

    it("refuses only what cannot be a phone number, or a non-numeric lat, with 400 in the errors shape", async () => {
      const phone = await report({ phone: "12345" });
      expect(phone.statusCode).toBe(400);
      expect(phone.headers["content-type"]).toBe(JSON_TYPE);
      expect(phone.json()[0].description).toMatch(/^phone: /);
      const lat = await report({ lat: "north" });
      expect(lat.statusCode).toBe(400);
      expect(lat.json()[0].description).toMatch(/^lat: /);
    });

    it("a missing service_code is 400 and writes nothing", async () => {
      const before = (await admin.request("GET", "/api/v1/cases?channel=open311&limit=100")).json().items.length;
      const res = await post({ api_key: key, lat: String(point.lat), long: String(point.lng) });
      expect(res.statusCode).toBe(400);
      expect(res.json()[0].description).toMatch(/^service_code: /);
      expect((await admin.request("GET", "/api/v1/cases?channel=open311&limit=100")).json().items.length).toBe(before);
    });
  });

  describe("GET requests: what is published", () => {
    let main: string;
    let merged: string;
    let voided: string;
    let unfiled: string;
    let open: string;

    beforeAll(async () => {
      const ids: string[] = [];
      for (const description of ["主案：单车堆放", "重复：单车堆放", "不属于本街道", "还没有立案的报告", "单车倒伏 & 挡路 \"地铁口\" 'A' 出口 < 10m"]) {
        const res = await report({ description, first_name: "小红", last_name: "李", phone: "13900139000" });
        expect(res.statusCode, res.body).toBe(201);
        ids.push(res.json()[0].service_request_id);
      }
      [main, merged, voided, unfiled, open] = ids as [string, string, string, string, string];
      await step(merged, { action: "file" });
      await step(merged, { action: "merge", mainCaseId: main, note: "同一地点" });
      await step(voided, { action: "void", reason: "不属于本街道管辖" });
      await step(main, { action: "file", note: "内部备注：联系物业 13912345678" });
      await step(open, { action: "file" });
    });

    it("lists filed requests newest first by public id, with open/closed status and +08:00 datetimes, never the reporter", async () => {
      const res = await get("requests.json");
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe(JSON_TYPE);
      const list = res.json() as Request311[];
      expect(list[0]!.service_request_id).toBe(open);
      expect(list.every((r) => UUID.test(r.service_request_id) && r.requested_datetime === "2026-11-28T08:00:00+08:00")).toBe(true);
      expect(list.find((r) => r.service_request_id === open)).toMatchObject({ status: "open", status_notes: "待派遣", service_code: "0601", service_name: "共享单车乱停放" });
      expect(res.body).not.toContain("李小红");
      expect(res.body).not.toContain("13900139000");
      expect(res.body).not.toContain("139****9000");
      expect(res.body).not.toContain("XH-2026-");
    });

    it("publishes a request only once it is filed: before that, by id and in lists, it is not there", async () => {
      expect((await get(`requests/${unfiled}.json`)).statusCode).toBe(404);
      expect(((await get("requests.json")).json() as Request311[]).map((r) => r.service_request_id)).not.toContain(unfiled);
      expect(((await get(`requests.json?service_request_id=${unfiled}`)).json() as Request311[])).toEqual([]);
      await step(unfiled, { action: "file" });
      expect((await get(`requests/${unfiled}.json`)).statusCode).toBe(200);
    });

    it("takes reports of a private category (群租) and lists the service as private, but never publishes them, even filed", async () => {
      const service = ((await get("services.json")).json() as { service_code: string; keywords: string }[]).find((s) => s.service_code === "0604")!;
      expect(service.keywords.split(",")).toContain("private");
      const res = await report({ service_code: "0604", description: "隔壁 1203 室群租十几个人" });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json()[0].service_request_id as string;
      await step(id, { action: "file" });
      expect((await caseOf(id)).filedAt).not.toBeNull();
      expect((await get(`requests/${id}.json`)).statusCode).toBe(404);
      expect(((await get("requests.json?service_code=0604")).json() as Request311[])).toEqual([]);
      expect(((await get(`requests.json?service_request_id=${id}`)).json() as Request311[])).toEqual([]);
      const updates = await get("servicerequestupdates.json");
      expect(updates.statusCode, updates.body).toBe(200);
      expect(updates.body).not.toContain(id);
      // An admin makes a category private and its filed cases leave the feed at once.
      const cats = (await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string; version: number; isPrivate: boolean }[] };
      const bikes = cats.items.find((c) => c.code === "0601")!;
      expect(bikes.isPrivate).toBe(false);
      const before = ((await get("requests.json?service_code=0601")).json() as Request311[]).length;
      expect(before).toBeGreaterThan(0);
      const hidden = await admin.request("PATCH", `/api/v1/case-categories/${bikes.id}`, { version: bikes.version, isPrivate: true });
      expect(hidden.statusCode, hidden.body).toBe(200);
      try {
        expect(((await get("requests.json?service_code=0601")).json() as Request311[])).toEqual([]);
      } finally {
        await admin.request("PATCH", `/api/v1/case-categories/${bikes.id}`, { version: hidden.json().version, isPrivate: false });
      }
      expect(((await get("requests.json?service_code=0601")).json() as Request311[]).length).toBe(before);
    });

    it("redacts the description, cuts the address to the road and puts the point on the 0.001° grid", async () => {
      const exact = { lat: point.lat + 0.000123, lng: point.lng + 0.000456 };
      const res = await post({
        api_key: key,
        service_code: "0601",
        lat: String(exact.lat),
        long: String(exact.lng),
        address_string: "申长路 988 弄 3 号 502 室",
        first_name: "小明",
        last_name: "王",
        phone: "13800138000",
        description: "我是王小明，电话 138 0013 8000，身份证 110101199003078515，邮箱 wxm@example.com，单车堵住 3 号楼门口",
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json()[0].service_request_id as string;
      await step(id, { action: "file" });
      const [r] = (await get(`requests/${id}.json`)).json() as (Request311 & { address: string })[];
      expect(r!.description).toBe("我是王**，电话 *** **** ****，身份证 ******************，邮箱 ***@*******.com，单车堵住 3 号楼门口");
      expect(r!.address).toBe("申长路");
      expect(r!.lat).toBe(Math.round(exact.lat * 1000) / 1000);
      expect(r!.long).toBe(Math.round(exact.lng * 1000) / 1000);
      expect(String(r!.lat).split(".")[1]!.length).toBeLessThanOrEqual(3);
      // Staff still see the exact point and text.
      const c = await caseOf(id);
      expect(c.location).toEqual({ lng: exact.lng, lat: exact.lat });
      expect(c.description).toContain("138 0013 8000");
    });

    it("shows only the notes staff marked public, redacted; other steps by their label", async () => {
      const [before] = (await get(`requests/${main}.json?extensions=true`)).json() as Request311[];
      expect(before!.notes!.map((n) => n.description)).toEqual(["上报", "合并", "立案"]);
      expect(JSON.stringify(before)).not.toContain("联系物业");
      await step(main, { action: "comment", note: "内部讨论，不公开" });
      await step(main, { action: "dispatch", assignee: { userId: admin.userId }, note: "请物业王经理处理，电话 021-61234567", isPublic: true });
      const [after] = (await get(`requests/${main}.json?extensions=true`)).json() as Request311[];
      expect(after!.notes!.map((n) => n.type)).toEqual(["report", "merge", "file", "dispatch"]);
      expect(after!.notes![3]!.description).toBe("派遣：请物业王经理处理，电话 ***-********");
      expect(JSON.stringify(after)).not.toContain("内部讨论");
      const detail = await caseOf(main);
      expect(detail.events.find((e: { action: string }) => e.action === "dispatch").isPublic).toBe(true);
      expect(detail.events.find((e: { action: string }) => e.action === "file").isPublic).toBe(false);
    });

    it("leaves voided cases out and shows a merged one as closed naming the main case's public id", async () => {
      const list = (await get("requests.json")).json() as Request311[];
      expect(list.map((r) => r.service_request_id)).not.toContain(voided);
      expect(list.find((r) => r.service_request_id === merged)).toMatchObject({ status: "closed", status_notes: `已合并至 ${main} 办理` });
      expect(list.find((r) => r.service_request_id === main)).toMatchObject({ status: "open" });
    });

    it("filters by status", async () => {
      const closed = (await get("requests.json?status=closed")).json() as Request311[];
      expect(closed.map((r) => r.service_request_id)).toEqual([merged]);
      const open311 = (await get("requests.json?status=open")).json() as Request311[];
      expect(open311.every((r) => r.status === "open")).toBe(true);
      const both = (await get("requests.json?status=open,closed")).json() as Request311[];
      expect(both.length).toBe(open311.length + 1);
      expect((await get("requests.json?status=pending")).statusCode).toBe(400);
    });

    it("filters by service_code and treats empty parameters as missing", async () => {
      const r1 = await report({ service_code: "0602", description: "楼道停车", "attribute[floor]": "2" });
      await step(r1.json()[0].service_request_id, { action: "file" });
      const noise = (await get("requests.json?service_code=0603,0602&status=&start_date=")).json() as Request311[];
      expect(noise.map((r) => r.service_code)).toEqual(["0602"]);
    });

    it("service_request_id overrides every other filter, takes 2,000 ids at once, and never publishes a voided request", async () => {
      const res = (await get(`requests.json?service_request_id=${open},${voided.toUpperCase()}&status=closed&service_code=0101`)).json() as Request311[];
      expect(res.map((r) => r.service_request_id)).toEqual([open]);
      const ids = [main, open, ...Array.from({ length: 1998 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`)];
      const many = await get(`requests.xml?service_request_id=${ids.join(",")}`);
      expect(many.statusCode).toBe(200);
      expect(many.body.match(/<request>/g)).toHaveLength(2);
      expect((await get(`requests.json?service_request_id=${Array.from({ length: 10_001 }, (_, i) => `x${i}`).join(",")}`)).statusCode).toBe(400);
    });

    it("case numbers are not ids: a number, an unknown id and an unpublished one answer the same 404", async () => {
      const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
      const hotline = await admin.request("POST", "/api/v1/cases", { channel: "hotline", hotlineOrderNo: "2611289999", categoryId: cats.find((c) => c.code === "0601")!.id, description: "来电反映：单车堆放", location: point });
      expect(hotline.statusCode, hotline.body).toBe(201);
      const { id, number } = hotline.json() as { id: string; number: string };
      await step(id, { action: "file" });
      expect(((await get("requests.json")).json() as Request311[]).map((r) => r.service_request_id)).not.toContain(id);
      for (const unknown of [id, number, (await caseOf(main)).number, "00000000-0000-4000-8000-000000000000"]) {
        const res = await get(`requests/${unknown}.json`);
        expect(res.statusCode, unknown).toBe(404);
        expect(res.json(), unknown).toEqual([{ code: 404, description: `请求 ${unknown} 不存在` }]);
      }
    });

    it("pages with page and page_size, at most 1,000 a page", async () => {
      const all = (await get("requests.json")).json() as Request311[];
      const second = (await get("requests.json?page_size=2&page=2")).json() as Request311[];
      expect(second.map((r) => r.service_request_id)).toEqual(all.slice(2, 4).map((r) => r.service_request_id));
      expect((await get("requests.json?page_size=1000")).statusCode).toBe(200);
      const tooMany = await get("requests.json?page_size=1001");
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json()[0]).toEqual({ code: 400, description: "page_size: 不能大于 1000" });
      expect((await get("requests.json?page=0")).statusCode).toBe(400);
    });

    it("keeps to the 90-day window: a 91-day range is 400, dates outside the range exclude the requests", async () => {
      const tooLong = await get("requests.json?start_date=2026-08-01T00:00:00%2B08:00&end_date=2026-10-31T00:00:00%2B08:00");
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json()).toEqual([{ code: 400, description: "start_date 与 end_date 相隔不能超过 90 天" }]);
      const exactly = await get("requests.json?start_date=2026-09-01T00:00:00%2B08:00&end_date=2026-11-30T00:00:00%2B08:00");
      expect(exactly.statusCode).toBe(200);
      expect((exactly.json() as Request311[]).length).toBeGreaterThan(0);
      expect((await get("requests.json?end_date=2026-11-27T00:00:00Z")).json()).toEqual([]);
      const fromDate = await get("requests.json?start_date=2026-11-28");
      expect((fromDate.json() as Request311[]).length).toBe((exactly.json() as Request311[]).length);
      expect((await get("requests.json?start_date=2026-11-28&end_date=2026-11-01")).statusCode).toBe(400);
      expect((await get("requests.json?start_date=yesterday")).statusCode).toBe(400);
    });

    it("lists in XML under <service_requests><request>, escaping text", async () => {
      const res = await get(`requests.xml?service_request_id=${open}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe(XML_TYPE);
      expect(res.body.startsWith(`${XML_DECLARATION}\n<service_requests><request><service_request_id>${open}</service_request_id><status>open</status>`)).toBe(true);
      expect(res.body).toContain("<description>单车倒伏 &amp; 挡路 &quot;地铁口&quot; &apos;A&apos; 出口 &lt; 10m</description>");
      expect(res.body).not.toContain("<address_id>");
    });

    it("tokens: an unknown token is 404; a published request id resolves to itself", async () => {
      const unknown = await get("tokens/12345.json");
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()[0].code).toBe(404);
      const known = await get(`tokens/${open}.xml`);
      expect(known.statusCode).toBe(200);
      expect(known.body).toBe(`${XML_DECLARATION}\n<service_requests><request><service_request_id>${open}</service_request_id><token>${open}</token></request></service_requests>\n`);
    });

    it("answers in English to Accept-Language: en, errors included", async () => {
      const en = { "accept-language": "en-GB,en;q=0.9" };
      const res = await t.app.inject({ method: "GET", url: `/open311/v2/requests/${merged}.json?extensions=true`, headers: en });
      expect(res.json()[0]).toMatchObject({ service_name: "Shared bikes parked badly", status_notes: `Merged into ${main}` });
      expect(res.json()[0].notes.map((n: { description: string }) => n.description)).toEqual(["Report", "File", "Merge"]);
      const bad = await post({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), phone: "12345" }, "json", en);
      expect(bad.json()[0].description).toMatch(/^phone: Enter a phone number/);
      const missing = await t.app.inject({ method: "GET", url: "/open311/v2/requests/nothing.json", headers: en });
      expect(missing.json()).toEqual([{ code: 404, description: "service_request_id nothing not found" }]);
      const updates = await t.app.inject({ method: "GET", url: "/open311/v2/servicerequestupdates.json", headers: en });
      expect(updates.json().some((u: { description: string }) => u.description === "Dispatch: 请物业王经理处理，电话 ***-********")).toBe(true);
    });
  });

  describe("the tracking page keeps the same rule", () => {
    it("shows a step's note to the code holder only when staff marked it public, redacted", async () => {
      const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
      const created = await t.app.inject({ method: "POST", url: "/api/v1/public/cases", payload: { categoryId: cats.find((c) => c.code === "0102")!.id, description: "路边垃圾", location: point, contact: { name: "赵六", phone: "138 0013 8000" } } });
      expect(created.statusCode, created.body).toBe(201);
      const { number, trackingCode } = created.json() as { number: string; trackingCode: string };
      const id = ((await admin.request("GET", `/api/v1/cases?q=${number}`)).json() as { items: { id: string }[] }).items[0]!.id;
      await step(id, { action: "file", note: "内部：赵六家里有老人，电话 13800138000" });
      await step(id, { action: "dispatch", assignee: { userId: admin.userId }, note: "已通知保洁，赵六可拨 021-61234567 询问", isPublic: true });
      const view = (await t.app.inject({ method: "GET", url: `/api/v1/public/cases/track?number=${number}&code=${trackingCode}` })).json() as { timeline: { action: string; note: string | null }[] };
      expect(view.timeline.map((e) => [e.action, e.note])).toEqual([
        ["report", null],
        ["file", null],
        ["dispatch", "已通知保洁，赵*可拨 ***-******** 询问"],
      ]);
    });
  });

  describe("servicerequestupdates", () => {
    it("lists the steps of published requests in a window, oldest first, with FixMyStreet's statuses and public notes", async () => {
      const res = await post({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), description: "更新测试" });
      const id = res.json()[0].service_request_id as string;
      await step(id, { action: "file" });
      await step(id, { action: "comment", note: "不公开的内部讨论" });
      await step(id, { action: "dispatch", assignee: { userId: admin.userId }, note: "已派物业", isPublic: true });
      const xml = await get("servicerequestupdates.xml?start_date=2026-11-27T00:00:00Z&end_date=2026-11-29T00:00:00Z");
      expect(xml.statusCode).toBe(200);
      expect(xml.body.startsWith(`${XML_DECLARATION}\n<service_requests_updates><request_update><update_id>`)).toBe(true);
      const json = (await get("servicerequestupdates.json?start_date=2026-11-27T00:00:00Z&end_date=2026-11-29T00:00:00Z")).json() as { update_id: string; service_request_id: string; status: string; description: string; updated_datetime: string; external_status_code: string }[];
      const mine = json.filter((u) => u.service_request_id === id);
      expect(mine.map((u) => [u.status, u.description, u.external_status_code])).toEqual([
        ["OPEN", "立案", "filed"],
        ["ACTION_SCHEDULED", "派遣：已派物业", "dispatched"],
      ]);
      expect(mine.every((u) => UUID.test(u.update_id) && u.updated_datetime.endsWith("+08:00"))).toBe(true);
      expect(JSON.stringify(json)).not.toContain("不公开的内部讨论");
      expect((await get("servicerequestupdates.json?start_date=2026-11-29T00:00:00Z&end_date=2026-11-30T00:00:00Z")).json()).toEqual([]);
      expect((await get("servicerequestupdates.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-30T00:00:00Z")).statusCode).toBe(400);
    });

    it("with the submitting key, a voided submission's status (never its reason) reaches the client that sent it", async () => {
      const res = await post({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), description: "会被注销的报告" });
      const id = res.json()[0].service_request_id as string;
      await step(id, { action: "void", reason: "重复反映，联系人 13912345678" });
      const window = "start_date=2026-11-27T00:00:00Z&end_date=2026-11-29T00:00:00Z";
      const anonymous = (await get(`servicerequestupdates.json?${window}`)).json() as { service_request_id: string }[];
      expect(anonymous.map((u) => u.service_request_id)).not.toContain(id);
      const withKey = (await get(`servicerequestupdates.json?${window}&api_key=${key}`)).json() as { service_request_id: string; status: string; description: string }[];
      expect(withKey.filter((u) => u.service_request_id === id)).toEqual([expect.objectContaining({ status: "NO_FURTHER_ACTION", description: "注销" })]);
      const otherKey = (await get(`servicerequestupdates.json?${window}&api_key=${readOnlyKey}`)).json() as { service_request_id: string }[];
      expect(otherKey.map((u) => u.service_request_id)).not.toContain(id);
      expect((await get(`servicerequestupdates.json?api_key=not-a-key`)).statusCode).toBe(403);
    });

    it("POST takes a citizen's update as an internal remark only when enabled, once per client update id", async () => {
      const res = await post({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), description: "居民补充测试" });
      const id = res.json()[0].service_request_id as string;
      const update = { api_key: key, service_request_id: id, update_id: "fms-77", status: "FIXED", description: "已经清理了，谢谢。我的电话 13700001111", first_name: "Jane", last_name: "Doe", email: "jane@example.org", updated_datetime: "2026-11-28T08:00:00+08:00" };
      const off = await t.app.inject({ method: "POST", url: "/open311/v2/servicerequestupdates.xml", headers: FORM, payload: body(update) });
      expect(off.statusCode).toBe(404);
      expect(off.body).toContain("<errors><error><code>404</code>");
      t.config.open311.updatesPost = true;
      try {
        const first = await t.app.inject({ method: "POST", url: "/open311/v2/servicerequestupdates.xml", headers: FORM, payload: body(update) });
        expect(first.statusCode, first.body).toBe(200);
        const updateId = /<update_id>([^<]+)<\/update_id>/.exec(first.body)![1]!;
        expect(first.body).toBe(`${XML_DECLARATION}\n<service_request_updates><request_update><update_id>${updateId}</update_id></request_update></service_request_updates>\n`);
        const again = await t.app.inject({ method: "POST", url: "/open311/v2/servicerequestupdates.json", headers: FORM, payload: body(update) });
        expect(again.json()).toEqual([{ update_id: updateId }]);
        const c = await caseOf(id);
        const remarks = c.events.filter((e: { action: string }) => e.action === "comment");
        expect(remarks).toHaveLength(1);
        expect(remarks[0]).toMatchObject({ id: updateId, note: update.description, isPublic: false, data: { open311: { updateId: "fms-77", status: "FIXED" } } });
        expect(c.state).toBe("reported");
        expect(JSON.stringify(c)).not.toContain("jane@example.org");
        const unknown = await t.app.inject({ method: "POST", url: "/open311/v2/servicerequestupdates.json", headers: FORM, payload: body({ ...update, service_request_id: "00000000-0000-4000-8000-000000000001" }) });
        expect(unknown.statusCode).toBe(404);
        const noKey = await t.app.inject({ method: "POST", url: "/open311/v2/servicerequestupdates.json", headers: FORM, payload: body({ ...update, api_key: "" }) });
        expect(noKey.statusCode).toBe(403);
      } finally {
        t.config.open311.updatesPost = false;
      }
    });
  });

  describe("photos: multipart parts and media_url", () => {
    let server: http.Server;
    let mediaHost: string;
    let jpeg: Buffer;

    beforeAll(async () => {
      jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 200, b: 30 } } })
        .jpeg()
        .withExif({ IFD0: { Make: "TestCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 11/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "121/1 28/1 0/1" } })
        .toBuffer();
      server = http.createServer((req, res) => {
        if (req.url === "/photo/1.full.jpeg") return res.writeHead(200, { "content-type": "image/jpeg" }).end(jpeg);
        if (req.url === "/away") return res.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/photo/1.full.jpeg` }).end();
        if (req.url === "/text") return res.writeHead(200, { "content-type": "text/plain" }).end("not a photo");
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      mediaHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      t.config.open311.mediaHosts = [mediaHost];
    });
    afterAll(async () => {
      t.config.open311.mediaHosts = [];
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const storedPhoto = async (id: string) => {
      const c = await caseOf(id);
      expect(c.photos).toHaveLength(1);
      const res = await admin.request("GET", c.photos[0].url);
      expect(res.statusCode).toBe(200);
      return sharp(res.rawPayload).metadata();
    };

    it("fetches media_url from an allowed host and stores it without EXIF", async () => {
      const res = await report({ media_url: `http://${mediaHost}/photo/1.full.jpeg` });
      expect(res.statusCode, res.body).toBe(201);
      const meta = await storedPhoto(res.json()[0].service_request_id);
      expect(meta.format).toBe("jpeg");
      expect(meta.exif).toBeUndefined();
    });

    it("refuses media_url on another host, a redirect away, or something that is not a photo, writing nothing", async () => {
      const before = (await admin.request("GET", "/api/v1/cases?channel=open311&limit=100")).json().items.length;
      for (const [url, text] of [
        [`https://photos.example.org/1.jpeg`, "media_url: 照片链接的主机不在本服务器的允许列表中"],
        [`http://${mediaHost}/away`, "media_url: 照片链接的主机不在本服务器的允许列表中"],
        [`http://${mediaHost}/missing.jpeg`, "media_url: 无法取回照片"],
        [`http://${mediaHost}/text`, "media_url: 不是可用的照片（仅 JPEG、PNG、WebP，10 MB 以内）"],
      ]) {
        const res = await report({ media_url: url! });
        expect(res.statusCode, url).toBe(400);
        expect(res.json(), url).toEqual([{ code: 400, description: text }]);
      }
      expect((await admin.request("GET", "/api/v1/cases?channel=open311&limit=100")).json().items.length).toBe(before);
    });

    it("takes photos as multipart parts with the form fields, EXIF stripped", async () => {
      const boundary = "----caihong-test-boundary";
      const parts: Buffer[] = [];
      const field = (name: string, value: string) => parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
      for (const [k, v] of Object.entries({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), description: "多部分上传", phone: "+86 138 0013 8000" })) field(k, v);
      field("attribute[bike_brand][]", "meituan");
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo1"; filename="1.jpeg"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`));
      const res = await t.app.inject({ method: "POST", url: "/open311/v2/requests.xml", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
      expect(res.statusCode, res.body).toBe(201);
      const id = /<service_request_id>([^<]+)</.exec(res.body)![1]!;
      expect((await caseOf(id)).attributes).toEqual({ bike_brand: ["meituan"] });
      expect((await storedPhoto(id)).exif).toBeUndefined();
    });
  });
});
