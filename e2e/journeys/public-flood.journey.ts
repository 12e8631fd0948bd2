import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible } from "../support/axe";
import { launchBrowser, newPage, snap } from "../support/browser";
import { signIn } from "../support/session";

/**
 * Issue 10's limits (ADR 0014): someone floods the public report page from one address. Past the
 * address's threshold the page solves the server's proof-of-work challenge in the browser (it
 * shows 正在验证…) and the report still goes through; the dispatcher then finds the source in
 * 批量注销灌水 and voids its reports in one step after a confirmation naming the count.
 */
const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const PHONE = { width: 375, height: 812 };
/** 申贵路居委第1微网格 (爱博片区) in data/demo/xinhong/grids.geojson. */
const MICRO_GRID_CODE = "3101120080000101001";
const MARK = "（e2e 灌水）";

let browser: Browser;
let admin: Page;
let visitor: Page;
let current: Page | undefined;
const numbers: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page: admin } = await newPage(browser, { locale: "zh-CN", width: 1440, height: 900 }));
  ({ page: visitor } = await newPage(browser, { locale: "zh-CN", ...PHONE }));
});
afterAll(async () => browser?.close());
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail" && current) await snap(current, `FAILED-flood-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
});

describe("a flood of anonymous reports", () => {
  it("the public page solves the proof of work in the browser once the address is past its threshold", async () => {
    current = admin;
    await admin.goto(baseUrl);
    await signIn(admin, "admin", adminPassword, "zh-CN");
    const map = (await (await admin.request.get(`${baseUrl}/api/v1/grids/map.geojson?level=4`)).json()) as { features: { id: string; properties: { code: string } }[] };
    const micro = map.features.find((f) => f.properties.code === MICRO_GRID_CODE)!;
    const point = ((await (await admin.request.get(`${baseUrl}/api/v1/grids/${micro.id}`)).json()) as { centroid: { lng: number; lat: number } }).centroid;
    const categories = (await (await admin.request.get(`${baseUrl}/api/v1/public/case-categories`)).json()) as { items: { id: string; code: string }[] };
    const categoryId = categories.items.find((c) => c.code === "0607")!.id;

    current = visitor;
    await visitor.goto(`${baseUrl}/report/public`);
    await visitor.getByTestId("report-form").waitFor();
    // Reports from the same browser (its address and device cookie) until the server asks for a check.
    for (let i = 0; i < 20; i++) {
      const res = await visitor.request.post(`${baseUrl}/api/v1/public/cases`, { data: { categoryId, description: `楼道堆物 ${i + 1}${MARK}`, location: { ...point, crs: "wgs84" } } });
      if (res.status() === 428) {
        expect(res.headers()["caihong-challenge"]).toMatch(/^[0-9a-f]{32}\.\d+\.\d+\./);
        break;
      }
      expect(res.status(), await res.text()).toBe(201);
      numbers.push(((await res.json()) as { number: string }).number);
    }

    // Records whether the page ever showed its "verifying" state (it may last only a moment).
    await visitor.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown; documentElement: { dataset: Record<string, string> } } }).document;
      const status = doc.querySelector('[data-testid="report-verifying"]') as { textContent: string } & object;
      const Observer = (globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe(node: object, opts: object): void } }).MutationObserver;
      new Observer(() => {
        if (status.textContent.includes("正在")) doc.documentElement.dataset.sawVerifying = "yes";
      }).observe(status, { childList: true, subtree: true, characterData: true });
    });
    await visitor.getByTestId("report-category-group-06").click();
    await visitor.getByTestId("report-category-0607").click();
    await visitor.getByTestId("report-description").fill(`楼道堆物（页面提交）${MARK}`);
    await visitor.getByTestId("report-location-lng").fill(`${point.lng.toFixed(6)},${point.lat.toFixed(6)}`);
    await visitor.locator('[data-testid="report-location-value"][data-has-value="true"]').waitFor();
    const started = Date.now();
    await visitor.getByTestId("report-submit").click();
    const number = ((await visitor.getByTestId("report-number").textContent()) ?? "").trim();
    expect(number).not.toBe("");
    numbers.push(number);
    expect(await visitor.locator("html").getAttribute("data-saw-verifying")).toBe("yes");
    // The default difficulty costs a phone a moment, not minutes.
    expect(Date.now() - started).toBeLessThan(20_000);
    await snap(visitor, "flood-01-verified-report");
    await expectAccessible(visitor, "flood-01-verified-report");
  });

  it("the dispatcher voids the source's reports in one step after a confirmation naming the count", async () => {
    current = admin;
    await admin.goto(`${baseUrl}/cases`);
    await admin.getByTestId("cases-floods").click();
    await admin.getByTestId("case-floods-table").waitFor();
    // Sources largest first: this browser's address sent the most.
    const row = admin.getByTestId("case-floods-table").locator("tbody tr").filter({ hasText: "地址" }).first();
    await row.waitFor();
    await snap(admin, "flood-02-sources");
    await expectAccessible(admin, "flood-02-sources");
    await row.getByTestId("case-floods-void").click();
    const confirmation = (await admin.getByTestId("case-floods-confirm-count").textContent()) ?? "";
    const count = Number(/(\d+) 件待立案/.exec(confirmation)?.[1]);
    expect(count).toBeGreaterThanOrEqual(numbers.length);
    await snap(admin, "flood-03-confirm");
    await expectAccessible(admin, "flood-03-confirm");
    await admin.getByTestId("case-floods-confirm").click();
    await admin.getByText(`已注销 ${count} 件`).waitFor();
    for (const n of numbers) {
      const found = (await (await admin.request.get(`${baseUrl}/api/v1/cases`, { params: { q: n } })).json()) as { items: { state: string }[] };
      expect(found.items[0]?.state).toBe("voided");
    }
  });
});
