import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, inject, it } from "vitest";
import { expectAccessible, expectUnclipped } from "../support/axe";
import { launchBrowser, newPage, snap } from "../support/browser";
import { closeUserMenu, openUserMenu, signIn } from "../support/session";

/**
 * Issue 10 §6 (usable by everyone): every page, as the people who use it see it, has no WCAG 2.1
 * A/AA violation axe-core can find — the phone pages of someone without an account at 375 px, and
 * each staff page of the administrator's menu at 1366 px, in Chinese and in English. The other
 * journeys check the pages they pass through; this one visits the pages no other journey opens.
 */
const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const PHONE = { width: 375, height: 812 };

let browser: Browser;
let visitor: Page;
let admin: Page;
let current: Page | undefined;

/** Waits until the page's content is there and nothing is loading any more. */
async function settled(page: Page, selector: string) {
  await page.locator(selector).first().waitFor();
  await page.locator(".ant-spin-spinning, .ant-skeleton-active").first().waitFor({ state: "detached" });
}

/** Switches the signed-in account's language from the user menu. */
async function speak(page: Page, locale: "zh-CN" | "en") {
  await openUserMenu(page);
  await page.getByTestId(`lang-${locale}`).click();
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: "attached" });
  if (await page.getByTestId("logout").isVisible()) await closeUserMenu(page);
}

/** The staff pages of the admin menu: address, what shows it has loaded, and a name for reports. */
const STAFF_PAGES: { name: string; path: string; ready: string }[] = [
  { name: "home", path: "/", ready: '[data-testid="home-reference-date"]' },
  { name: "map", path: "/map", ready: '[data-testid="map-container"] path[data-level="4"]' },
  { name: "grids", path: "/grids", ready: '[data-testid="grids-consistency-status"]' },
  { name: "party-orgs", path: "/party-orgs", ready: '[data-testid="party-orgs-table"] tbody tr.ant-table-row' },
  { name: "people", path: "/people", ready: '[data-testid="people-table"] tbody tr.ant-table-row' },
  { name: "cases", path: "/cases", ready: '[data-testid="cases-table"] tbody tr.ant-table-row' },
  { name: "evaluation", path: "/evaluation", ready: '[data-testid="evaluation-table"] tbody tr[data-row-key]' },
  { name: "case-categories", path: "/case-categories", ready: '[data-testid="categories-table"] tbody tr.ant-table-row' },
  { name: "units", path: "/units", ready: '[data-testid="units-table"] tbody tr.ant-table-row' },
  { name: "users", path: "/users", ready: '[data-testid="users-table"] tbody tr.ant-table-row' },
  { name: "roles", path: "/roles", ready: '[data-testid="roles-table"] tbody tr.ant-table-row' },
  { name: "audit", path: "/audit", ready: '[data-testid="audit-table"] tbody tr.ant-table-row' },
  { name: "api-keys", path: "/api-keys", ready: '[data-testid="apikeys-table"] tbody tr:is(.ant-table-row, .ant-table-placeholder)' },
  { name: "profile", path: "/profile", ready: "main form, main .ant-descriptions" },
  { name: "password", path: "/password", ready: '[data-testid="password-submit"]' },
];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page: visitor } = await newPage(browser, { locale: "zh-CN", ...PHONE }));
  ({ page: admin } = await newPage(browser, { locale: "zh-CN", width: 1366, height: 768 }));
});
afterAll(async () => browser?.close());
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail" && current) await snap(current, `FAILED-a11y-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
});

describe("the phone pages of someone without an account, at 375 px", () => {
  it("sign-in has no violations", async () => {
    current = visitor;
    await visitor.goto(`${baseUrl}/login`);
    await settled(visitor, '[data-testid="login-submit"]');
    await expectAccessible(visitor, "phone-login");
  });

  it("sign-up has no violations", async () => {
    current = visitor;
    await visitor.goto(`${baseUrl}/register`);
    await settled(visitor, '[data-testid="register-submit"]');
    await expectAccessible(visitor, "phone-register");
  });

  it("the public report form has no violations, empty and with a category chosen", async () => {
    current = visitor;
    await visitor.goto(`${baseUrl}/report/public`);
    await settled(visitor, '[data-testid="report-category-group-06"]');
    await expectAccessible(visitor, "phone-report-public");
    // A category open: its standard, extra fields, photo and place inputs.
    await visitor.getByTestId("report-category-group-06").click();
    await visitor.getByTestId("report-category-0601").click();
    await visitor.getByTestId("report-category-standard").waitFor();
    await expectAccessible(visitor, "phone-report-public-category");
  });

  it("the tracking page has no violations", async () => {
    current = visitor;
    await visitor.goto(`${baseUrl}/track`);
    await settled(visitor, '[data-testid="track-submit"]');
    await expectAccessible(visitor, "phone-track");
  });
});

describe("every page of the administrator's menu", () => {
  it("sign-in at 1366 px has no violations", async () => {
    current = admin;
    await admin.goto(`${baseUrl}/login`);
    await settled(admin, '[data-testid="login-submit"]');
    try {
      await expectAccessible(admin, "login");
    } finally {
      await signIn(admin, "admin", adminPassword, "zh-CN");
    }
  });

  for (const target of STAFF_PAGES) {
    it(`${target.name} has no violations and clips nothing at 1366 px`, async () => {
      current = admin;
      await admin.goto(`${baseUrl}${target.path}`);
      await settled(admin, target.ready);
      await expectAccessible(admin, target.name);
      await expectUnclipped(admin, target.name);
    });
  }

  it("a case's page and a party organisation's page have no violations", async () => {
    current = admin;
    const cases = (await (await admin.request.get(`${baseUrl}/api/v1/cases`, { params: { state: "closed", limit: 20 } })).json()) as { items: { id: string }[] };
    await admin.goto(`${baseUrl}/cases/${cases.items[0]!.id}`);
    await settled(admin, '[data-testid="case-detail-timeline"]');
    await expectAccessible(admin, "case-detail");
    const orgs = (await (await admin.request.get(`${baseUrl}/api/v1/party-orgs`, { params: { limit: 20 } })).json()) as { items: { id: string }[] };
    await admin.goto(`${baseUrl}/party-orgs/${orgs.items[0]!.id}`);
    await settled(admin, '[data-testid="memberships-table"] tbody tr:is(.ant-table-row, .ant-table-placeholder)');
    await expectAccessible(admin, "party-org");
  });

  it("in English, every page of the menu has no violations and clips nothing", async () => {
    current = admin;
    await admin.goto(baseUrl);
    // The home page settled first: a menu opened while the session loads can be re-rendered away.
    await settled(admin, '[data-testid="home-reference-date"]');
    await speak(admin, "en");
    try {
      for (const target of STAFF_PAGES) {
        await admin.goto(`${baseUrl}${target.path}`);
        await settled(admin, target.ready);
        await expectAccessible(admin, `${target.name}-en`);
        // English labels are longer: the tables still fit or scroll within their box.
        await expectUnclipped(admin, `${target.name}-en`);
      }
    } finally {
      // An account remembers its language: back to Chinese, as the other journeys expect to find it.
      await speak(admin, "zh-CN");
    }
  });
});
