import type { Page } from "playwright-core";

/** Opens the user menu (idempotent) and waits until its items are visible. */
export async function openUserMenu(page: Page): Promise<void> {
  const logout = page.getByTestId("logout");
  if (!(await logout.isVisible())) await page.getByTestId("user-menu").click();
  await logout.waitFor({ state: "visible" });
  // Until the dropdown's opening animation ends its items move, and a click can miss them.
  await page.locator('.ant-dropdown[class*="-enter"], .ant-dropdown[class*="-appear"]').first().waitFor({ state: "detached" });
}

/** Closes the user menu and waits until its items are gone, so the next click hits the page. */
export async function closeUserMenu(page: Page): Promise<void> {
  await page.keyboard.press("Escape");
  await page.getByTestId("logout").waitFor({ state: "hidden" });
}

/**
 * Signs in on the open sign-in page and makes the interface speak `locale`. Journeys share one
 * server and an account remembers its language, so one journey switching admin to English must
 * not decide the language of the next: each journey states the language it needs.
 */
export async function signIn(page: Page, username: string, password: string, locale: "zh-CN" | "en"): Promise<void> {
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("user-menu").waitFor();
  if ((await page.locator("html").getAttribute("lang")) === locale) return;
  await openUserMenu(page);
  await page.getByTestId(`lang-${locale}`).click();
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: "attached" });
  if (await page.getByTestId("logout").isVisible()) await closeUserMenu(page);
}
