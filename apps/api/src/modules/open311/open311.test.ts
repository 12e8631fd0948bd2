import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, seeded, type Session, type TestApp } from "../../test/harness";

const JSON_TYPE = "application/json; charset=utf-8";
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
  const caseOf = async (number: string) => {
    const list = (await admin.request("GET", `/api/v1/cases?q=${number}`)).json() as { items: { id: string; number: string; version: number }[] };
    const found = list.items.find((c) => c.number === number)!;
    return (await admin.request("GET", `/api/v1/cases/${found.id}`)).json();
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
        ["media_url", "https://example.com/photo.jpg"],
        ["attribute[bike_brand][]", "meituan"],
        ["attribute[bike_brand][]", "hellobike"],
      ]);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers["content-type"]).toBe(JSON_TYPE);
      const [created] = res.json();
      expect(created.service_request_id).toMatch(/^XH-2026-\d{6}$/);
      expect(created.account_id).toBeNull();
      expect(created.service_notice).toContain(created.service_request_id);

      const c = await caseOf(created.service_request_id);
      expect(c).toMatchObject({ channel: "open311", state: "reported", gridId: microId, categoryCode: "0601", description: "共享单车堆在地铁口，挡住盲道", address: "申长路 988 弄" });
      expect(c.attributes).toEqual({ bike_brand: ["meituan", "hellobike"] });
      expect(c.reporter.name).toBe("王**");
      expect(c.reporter.phoneMasked).toBe("138****8000");
      expect(c.location).toEqual({ lng: point.lng, lat: point.lat });
    });

    it("answers in XML with the case number as a string id and leaves null fields out", async () => {
      const res = await post({ api_key: key, service_code: "0601", lat: String(point.lat), long: String(point.lng), "attribute[bike_brand]": "qingju" }, "xml");
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers["content-type"]).toBe(XML_TYPE);
      expect(res.body).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<service_requests><request><service_request_id>XH-2026-\d{6}<\/service_request_id><service_notice>[^<]+<\/service_notice><\/request><\/service_requests>\n$/);
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

    it("a phone that is not a mainland mobile, or a non-numeric lat, is 400 in the errors shape", async () => {
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

  describe("GET requests", () => {
    let open: string;
    let voided: string;
    let merged: string;
    let main: string;

    beforeAll(async () => {
      const numbers: string[] = [];
      for (const description of ["主案：单车堆放", "重复：单车堆放", "不属于本街道", "单车倒伏 & 挡路 \"地铁口\" 'A' 出口 < 10m"]) {
        const res = await report({ description, first_name: "小红", last_name: "李", phone: "13900139000" });
        expect(res.statusCode, res.body).toBe(201);
        numbers.push(res.json()[0].service_request_id);
      }
      [main, merged, voided, open] = numbers as [string, string, string, string];
      const mainCase = await caseOf(main);
      const dup = await caseOf(merged);
      const r1 = await admin.request("POST", `/api/v1/cases/${dup.id}/transitions`, { action: "merge", version: dup.version, mainCaseId: mainCase.id, note: "同一地点" });
      expect(r1.statusCode, r1.body).toBe(200);
      const v = await caseOf(voided);
      const r2 = await admin.request("POST", `/api/v1/cases/${v.id}/transitions`, { action: "void", version: v.version, reason: "不属于本街道管辖" });
      expect(r2.statusCode, r2.body).toBe(200);
      const fresh = await caseOf(main);
      const r3 = await admin.request("POST", `/api/v1/cases/${fresh.id}/transitions`, { action: "file", version: fresh.version, note: "内部备注：联系物业" });
      expect(r3.statusCode, r3.body).toBe(200);
    });

    it("lists requests newest first with string ids, open/closed status and +08:00 datetimes, never the reporter", async () => {
      const res = await get("requests.json");
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe(JSON_TYPE);
      const list = res.json() as Request311[];
      expect(list[0]!.service_request_id).toBe(open);
      const numbers = list.map((r) => r.service_request_id);
      expect([...numbers].sort().reverse()).toEqual(numbers);
      expect(list.every((r) => typeof r.service_request_id === "string" && r.requested_datetime === "2026-11-28T08:00:00+08:00")).toBe(true);
      expect(list.find((r) => r.service_request_id === open)).toMatchObject({ status: "open", status_notes: "待立案", service_code: "0601", service_name: "共享单车乱停放", lat: point.lat, long: point.lng });
      expect(res.body).not.toContain("李小红");
      expect(res.body).not.toContain("13900139000");
      expect(res.body).not.toContain("139****9000");
      expect(res.body).not.toContain("王小明");
    });

    it("leaves voided cases out of lists and shows a merged one as closed naming the main case", async () => {
      const list = (await get("requests.json")).json() as Request311[];
      expect(list.map((r) => r.service_request_id)).not.toContain(voided);
      expect(list.find((r) => r.service_request_id === merged)).toMatchObject({ status: "closed", status_notes: `已合并至 ${main} 办理` });
      expect(list.find((r) => r.service_request_id === main)).toMatchObject({ status: "open", status_notes: "待派遣" });
    });

    it("filters by status", async () => {
      const closed = (await get("requests.json?status=closed")).json() as Request311[];
      expect(closed.map((r) => r.service_request_id)).toEqual([merged]);
      const open311 = (await get("requests.json?status=open")).json() as Request311[];
      expect(open311.every((r) => r.status === "open")).toBe(true);
      expect(open311.map((r) => r.service_request_id)).toContain(main);
      const both = (await get("requests.json?status=open,closed")).json() as Request311[];
      expect(both.length).toBe(open311.length + 1);
      expect((await get("requests.json?status=pending")).statusCode).toBe(400);
    });

    it("filters by service_code and treats empty parameters as missing", async () => {
      const noise = (await get("requests.json?service_code=0603,0602&status=&start_date=")).json() as Request311[];
      expect(noise.map((r) => r.service_code).sort()).toEqual(["0602", "0603"]);
    });

    it("service_request_id overrides every other filter, but never publishes a voided request", async () => {
      const res = (await get(`requests.json?service_request_id=${open},${voided.toLowerCase()}&status=closed&service_code=0101`)).json() as Request311[];
      expect(res.map((r) => r.service_request_id)).toEqual([open]);
    });

    it("keeps 12345 hotline orders and staff entries out of the public requests", async () => {
      const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
      const hotline = await admin.request("POST", "/api/v1/cases", { channel: "hotline", hotlineOrderNo: "2611289999", categoryId: cats.find((c) => c.code === "0601")!.id, description: "来电反映：单车堆放", location: point });
      expect(hotline.statusCode, hotline.body).toBe(201);
      const number = (hotline.json() as { number: string }).number;
      expect(((await get("requests.json")).json() as Request311[]).map((r) => r.service_request_id)).not.toContain(number);
      expect((await get(`requests/${number}.json`)).statusCode).toBe(404);
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
      const before = await get("requests.json?end_date=2026-11-27T00:00:00Z");
      expect(before.json()).toEqual([]);
      const fromDate = await get("requests.json?start_date=2026-11-28");
      expect((fromDate.json() as Request311[]).length).toBe((exactly.json() as Request311[]).length);
      expect((await get("requests.json?start_date=2026-11-28&end_date=2026-11-01")).statusCode).toBe(400);
      expect((await get("requests.json?start_date=yesterday")).statusCode).toBe(400);
    });

    it("extensions=true adds the channel, grid and state and the public steps as notes without internal remarks", async () => {
      const [r] = (await get(`requests/${main}.json?extensions=true`)).json() as Request311[];
      expect(r!.extended_attributes).toMatchObject({ channel: "open311", state: "filed" });
      expect(r!.extended_attributes!.grid).toEqual(expect.any(String));
      expect(r!.notes!.map((n) => n.type)).toEqual(["report", "merge", "file"]);
      expect(r!.notes![1]!.description).toBe(`合并：${merged} 并入本案：同一地点`);
      expect(r!.notes![2]!.description).toBe("立案");
      expect(r!.notes!.every((n) => n.datetime.endsWith("+08:00"))).toBe(true);
      const [plain] = (await get(`requests/${main}.json`)).json() as Request311[];
      expect(plain!.notes).toBeUndefined();
      const xml = await get(`requests.xml?service_request_id=${main}&extensions=true`);
      expect(xml.body).toContain("<extended_attributes><channel>open311</channel>");
      expect(xml.body).toContain("<notes><note><datetime>2026-11-28T08:00:00+08:00</datetime><description>上报</description><type>report</type></note>");
    });

    it("lists in XML under <service_requests><request>, escaping text", async () => {
      const res = await get(`requests.xml?service_request_id=${open}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe(XML_TYPE);
      expect(res.body.startsWith(`${XML_DECLARATION}\n<service_requests><request><service_request_id>${open}</service_request_id><status>open</status>`)).toBe(true);
      expect(res.body).toContain("<description>单车倒伏 &amp; 挡路 &quot;地铁口&quot; &apos;A&apos; 出口 &lt; 10m</description>");
      expect(res.body).toContain(`<lat>${point.lat}</lat><long>${point.lng}</long>`);
      expect(res.body).not.toContain("<address_id>");
    });

    it("GET requests/{id} answers a one-element list; a voided case and an unknown id are 404", async () => {
      const one = await get(`requests/${open}.json`);
      expect(one.statusCode).toBe(200);
      expect((one.json() as Request311[]).map((r) => r.service_request_id)).toEqual([open]);
      expect((await get(`requests/${voided}.json`)).statusCode).toBe(404);
      const missing = await get("requests/XH-2026-999999.json");
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual([{ code: 404, description: "请求 XH-2026-999999 不存在" }]);
      const xml = await get("requests/XH-2026-999999.xml");
      expect(xml.statusCode).toBe(404);
      expect(xml.headers["content-type"]).toBe(XML_TYPE);
      expect(xml.body).toContain("<errors><error><code>404</code>");
    });

    it("tokens: an unknown token is 404; a request id resolves to itself", async () => {
      const unknown = await get("tokens/12345.json");
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()[0].code).toBe(404);
      const known = await get(`tokens/${open}.xml`);
      expect(known.statusCode).toBe(200);
      expect(known.body).toBe(`${XML_DECLARATION}\n<service_requests><request><service_request_id>${open}</service_request_id><token>${open}</token></request></service_requests>\n`);
    });

    it("English is served on Accept-Language: en", async () => {
      const res = await t.app.inject({ method: "GET", url: `/open311/v2/requests/${merged}.json`, headers: { "accept-language": "en" } });
      expect(res.json()[0]).toMatchObject({ service_name: "Shared bikes parked badly", status_notes: `Merged into ${main}` });
    });
  });
});
