import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** A fresh browser context (own cookies) at a viewport, speaking a language. */
export async function newPage(browser: Browser, opts: { width?: number; height?: number; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: opts.locale ?? "zh-CN",
  });
  const page = await context.newPage();
  // Browser-side errors go to a log beside the screenshots: a blank page is explained there.
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const log = (line: string) => fs.appendFileSync(path.join(ARTIFACTS, "browser.log"), `${new Date().toISOString()} ${line}\n`);
  page.on("pageerror", (err) => log(`pageerror ${err.stack ?? err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") log(`console.${msg.type()} ${msg.text()}`);
  });
  page.on("requestfailed", (req) => log(`requestfailed ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ""}`));
  return { context, page };
}

/** Saves a screenshot as a CI artifact (e2e/artifacts, git-ignored). */
export async function snap(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
