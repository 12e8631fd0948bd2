import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible } from "../support/axe";
import { launchBrowser, newPage, snap } from "../support/browser";
import { closeUserMenu, openUserMenu, signIn } from "../support/session";

/**
 * Issue 2's journey: the administrator signs in in Chinese, creates a 网格长 scoped to 爱博片区 and
 * below, switches to English, and the new user — after changing the temporary password — sees
 * only the menu their role permits.
 */
const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
let browser: Browser;
let page: Page;

async function pick(page: Page, testId: string, option: string, tree = false) {
  await page.getByTestId(testId).click();
  const selector = tree ? ".ant-select-dropdown:visible .ant-select-tree-node-content-wrapper" : ".ant-select-dropdown:visible .ant-select-item-option";
  await page.locator(selector, { hasText: option }).first().click();
}

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page } = await newPage(browser, { locale: "zh-CN" }));
});
afterAll(async () => browser?.close());
// A failed step leaves a picture of what the browser showed.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") await snap(page, `FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
});

describe("an administrator creates a user with a role and a scope", () => {
  it("signs in as admin in Chinese and sees every admin menu", async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.getByTestId("login-submit").textContent()).toMatch(/登\s*录/);
    await signIn(page, "admin", adminPassword, "zh-CN");
    for (const id of ["menu-home", "menu-users", "menu-roles", "menu-audit", "menu-apikeys"]) {
      await page.getByTestId(id).waitFor();
    }
    expect(await page.getByTestId("menu-users").textContent()).toContain("用户管理");
    await snap(page, "01-admin-home-zh");
    await expectAccessible(page, "01-admin-home-zh");
  });

  it("creates 爱博片区's grid head with the grid-and-below scope", async () => {
    await page.getByTestId("menu-users").click();
    await page.getByTestId("user-create").click();
    await page.getByTestId("user-form-username").fill("aibo.head");
    await page.getByTestId("user-form-display-name").fill("爱博网格长（示例）");
    await page.getByTestId("user-form-phone").fill("13800138000");
    await page.getByTestId("user-form-password").fill("initial-pass-1");
    await pick(page, "user-form-grid", "爱博片区", true);
    await page.getByTestId("role-assignment-add").click();
    await pick(page, "role-assignment-role-0", "网格长");
    await pick(page, "role-assignment-scope-0", "网格及下级");
    await pick(page, "role-assignment-grid-0", "爱博片区", true);
    await snap(page, "02-create-user-form");
    await expectAccessible(page, "02-create-user-form");
    await page.getByTestId("user-form-submit").click();
    const row = page.getByTestId("user-row-aibo.head");
    await row.waitFor();
    expect(await row.textContent()).toContain("138****8000");
    expect(await row.textContent()).toContain("爱博片区");
    await snap(page, "03-users-with-new-user");
    await expectAccessible(page, "03-users-with-new-user");
  });

  it("switches to English and the interface follows", async () => {
    await openUserMenu(page);
    await page.getByTestId("lang-en").click();
    await expect.poll(() => page.getByTestId("menu-users").textContent()).toBe("Users");
    if (await page.getByTestId("logout").isVisible()) await closeUserMenu(page);
    await snap(page, "04-admin-english");
    await expectAccessible(page, "04-admin-english");
  });

  it("signs in as the new user, changes the temporary password and sees only the permitted menu", async () => {
    await openUserMenu(page);
    await page.getByTestId("logout").click();
    await page.getByTestId("login-submit").waitFor();
    await page.getByTestId("login-username").fill("aibo.head");
    await page.getByTestId("login-password").fill("initial-pass-1");
    await page.getByTestId("login-submit").click();
    await page.getByTestId("password-current").fill("initial-pass-1");
    await page.getByTestId("password-new").fill("grid-head-pass-1");
    await page.getByTestId("password-confirm").fill("grid-head-pass-1");
    await page.getByTestId("password-submit").click();
    await page.getByTestId("menu-users").waitFor();
    await page.getByTestId("menu-home").waitFor();
    for (const id of ["menu-roles", "menu-audit", "menu-apikeys"]) {
      expect(await page.getByTestId(id).count()).toBe(0);
    }
    await snap(page, "05-grid-head-menu");
    await expectAccessible(page, "05-grid-head-menu");
    await page.getByTestId("menu-users").click();
    await page.getByTestId("user-row-aibo.head").waitFor();
    expect(await page.getByTestId("user-row-admin").count()).toBe(0);
    expect(await page.getByTestId("user-create").count()).toBe(0);
    await snap(page, "06-grid-head-users-in-scope");
    await expectAccessible(page, "06-grid-head-users-in-scope");
  });

  it("sends a grid head who types an admin address to the 403 page", async () => {
    await page.goto(`${baseUrl}/audit`);
    await page.getByTestId("page-403").waitFor();
    await snap(page, "07-grid-head-403");
    await expectAccessible(page, "07-grid-head-403");
  });
});
