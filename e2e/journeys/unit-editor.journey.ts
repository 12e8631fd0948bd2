import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible } from "../support/axe";
import { launchBrowser, newPage, snap } from "../support/browser";
import { signIn } from "../support/session";

/**
 * Issue 3's unit editor: the administrator records a unit in the area, is stopped by a wrong
 * unified social credit code with the localized checksum message on the field, corrects it,
 * gives the GCJ-02 coordinates of 虹桥火车站 and finds the unit located in a micro grid of
 * 枢纽片区 — also through the map's link form `/units?gridId=…`.
 */
const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const UNIT_NAME = "虹桥枢纽旅客服务有限公司（e2e）";
let browser: Browser;
let page: Page;

async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  const dropdown = page.locator(".ant-select-dropdown:visible");
  // A click that lands while the popup is still sliding in can be lost: wait until it has settled.
  await dropdown.evaluate((el) => Promise.allSettled(el.getAnimations({ subtree: true }).map((animation: { finished: Promise<unknown> }) => animation.finished)));
  await dropdown.locator(".ant-select-item-option", { hasText: option }).first().click();
  await expect.poll(() => page.getByTestId(testId).textContent()).toContain(option);
}

/** A screenshot of the viewport only: a full-page one draws the open drawer at the wrong height. */
async function snapDrawer(page: Page, name: string) {
  await page.screenshot({ path: path.resolve(import.meta.dirname, "../artifacts", `${name}.png`) });
}

/** The error text antd shows under the form item that holds the given input. */
function fieldError(page: Page, testId: string) {
  return page.locator(".ant-form-item", { has: page.getByTestId(testId) }).locator(".ant-form-item-explain-error");
}

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page } = await newPage(browser, { locale: "zh-CN" }));
});
afterAll(async () => browser?.close());
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") await snap(page, `FAILED-unit-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
});

describe("an administrator records a unit in the area", () => {
  it("signs in and opens 驻区单位 with the demo units", async () => {
    await page.goto(baseUrl);
    await signIn(page, "admin", adminPassword, "zh-CN");
    await page.getByTestId("menu-units").click();
    await page.getByTestId("units-table").locator("tbody tr.ant-table-row").first().waitFor();
    expect(await page.getByTestId("menu-units").textContent()).toContain("驻区单位");
    expect(await page.getByTestId("units-export").getAttribute("href")).toBe("/api/v1/units/export.xlsx");
    await snap(page, "unit-01-list");
    await expectAccessible(page, "unit-01-list");
  });

  it("refuses a credit code whose check character is wrong, in Chinese, on the field", async () => {
    await page.getByTestId("unit-create").click();
    await page.getByTestId("unit-form-name").fill(UNIT_NAME);
    await pick(page, "unit-form-kind", "企业");
    await page.getByTestId("unit-form-uscc").fill("91350100M000100Y44");
    await page.getByTestId("unit-form-address").fill("申贵路1500号（e2e）");
    await page.getByTestId("unit-form-submit").click();
    await expect.poll(() => fieldError(page, "unit-form-uscc").textContent()).toContain("统一社会信用代码无效");
    await snapDrawer(page, "unit-02-wrong-uscc");
    await expectAccessible(page, "unit-02-wrong-uscc");
  });

  it("takes the corrected code and previews the grid of 虹桥火车站's GCJ-02 point", async () => {
    await page.getByTestId("unit-form-uscc").fill("91350100M000100Y43");
    await expect.poll(() => fieldError(page, "unit-form-uscc").count()).toBe(0);
    await page.getByTestId("unit-form-lng").fill("121.3219");
    await page.getByTestId("unit-form-lat").fill("31.1944");
    await pick(page, "unit-form-crs", "GCJ-02");
    await page.getByTestId("unit-form-locate").click();
    await expect.poll(() => page.getByTestId("unit-form-located").textContent()).toContain("枢纽片区");
    await page.getByTestId("unit-contact-add").click();
    await page.getByTestId("unit-contact-name-0").fill("王站务（e2e）");
    await page.getByTestId("unit-contact-title-0").fill("行政主管");
    await page.getByTestId("unit-contact-phone-0").fill("13912345678");
    await snapDrawer(page, "unit-03-form-located");
    await expectAccessible(page, "unit-03-form-located");
  });

  it("saves, and the unit is listed in a micro grid with its masked contact", async () => {
    await page.getByTestId("unit-form-submit").click();
    await page.getByTestId("unit-form").waitFor({ state: "detached" });
    await page.getByTestId("units-search").fill("e2e");
    await page.getByTestId("units-search").press("Enter");
    const row = page.getByTestId(`unit-row-${UNIT_NAME}`);
    await row.waitFor();
    const grid = (await page.getByTestId(`unit-grid-${UNIT_NAME}`).textContent())?.trim() ?? "";
    expect(grid).not.toBe("");
    expect(grid).not.toBe("—");
    expect(await row.textContent()).toContain("91350100M000100Y43");
    expect(await row.textContent()).toContain("139****5678");
    await snap(page, "unit-04-saved");
    await expectAccessible(page, "unit-04-saved");
  });

  it("shows the unit under its grid when opened the way the map links to it", async () => {
    const found = await page.request.get(`${baseUrl}/api/v1/units`, { params: { q: UNIT_NAME } });
    const { items } = (await found.json()) as { items: { name: string; gridId: string | null }[] };
    const gridId = items.find((unit) => unit.name === UNIT_NAME)?.gridId;
    expect(gridId).toBeTruthy();
    const chain = await page.request.get(`${baseUrl}/api/v1/grids/${gridId}`);
    const detail = (await chain.json()) as { ancestors: { name: string }[] };
    expect(detail.ancestors.map((grid) => grid.name)).toContain("枢纽片区");

    await page.goto(`${baseUrl}/units?gridId=${gridId}`);
    await page.getByTestId(`unit-row-${UNIT_NAME}`).waitFor();
    // Every row on a micro grid's list lies in that grid.
    const grids = await page.getByTestId("units-table").locator("[data-testid^='unit-grid-']").allTextContents();
    expect(new Set(grids).size).toBe(1);
    await snap(page, "unit-05-grid-link");
    await expectAccessible(page, "unit-05-grid-link");
  });
});
