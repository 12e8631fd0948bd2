import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Accessibility checks in the journeys (docs/accessibility.md): axe-core's WCAG 2.0 and 2.1 rules
 * of levels A and AA, run over the whole document of a page once it has settled.
 */
const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

/** Runs axe over the page's document and returns the violations of the WCAG 2.1 A/AA rules. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script> tag: the app's Content-Security-Policy refuses
  // inline scripts (script-src 'self'), and the journeys keep the policy the users get.
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE);
  // Colours are read mid-animation otherwise (antd fades popups and tabs in): wait for every
  // finite animation to end. Strings, not functions: this package compiles without the DOM library.
  await page.evaluate(`Promise.allSettled(document.getAnimations()
    .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
    .map((animation) => animation.finished))`);
  return (await page.evaluate(`axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ["violations"] })
    .then((results) => results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({ target: node.target.map(String), html: node.html, failureSummary: node.failureSummary ?? "" })),
    })))`)) as AxeViolation[];
}

/** One line per violated rule, then its elements: what a failed journey prints. */
export function summarize(violations: AxeViolation[]): string {
  const lines: string[] = [];
  for (const violation of violations) {
    lines.push(`${violation.id} (${violation.impact ?? "?"}, ${violation.nodes.length} node${violation.nodes.length === 1 ? "" : "s"}): ${violation.help}`);
    for (const node of violation.nodes.slice(0, 10)) {
      const reason = node.failureSummary.split("\n").slice(1).join(" ").trim();
      lines.push(`  ${node.target.join(" ")} — ${reason}`);
    }
    if (violation.nodes.length > 10) lines.push(`  … ${violation.nodes.length - 10} more`);
  }
  return lines.join("\n");
}

/**
 * Asserts that the page, as it is now, has no WCAG 2.1 A/AA violation axe can find. Call it after
 * each page settles (its content shown, no request pending that changes it). On failure the full
 * report is written to e2e/artifacts/axe-<name>.json beside the screenshots.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  const file = path.join(ARTIFACTS, `axe-${name}.json`);
  if (violations.length > 0) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ url: page.url(), violations }, null, 2));
  } else {
    fs.rmSync(file, { force: true });
  }
  const nodes = violations.reduce((sum, violation) => sum + violation.nodes.length, 0);
  expect(nodes, `${name} (${page.url()}): ${nodes} violating nodes\n${summarize(violations)}`).toBe(0);
}

/**
 * Asserts that nothing is cut off at the page's width (issue 10: tables must not clip at 1366 px):
 * the page does not scroll sideways, no table ends beyond the window, and a table wider than its
 * box scrolls inside it instead of hiding columns.
 */
export async function expectUnclipped(page: Page, name: string): Promise<void> {
  // A string expression: this package compiles without the DOM library.
  const problems = (await page.evaluate(`(() => {
    const out = [];
    const width = window.innerWidth;
    const doc = document.documentElement;
    if (doc.scrollWidth > width + 1) out.push("the page is " + doc.scrollWidth + " px wide in a " + width + " px window");
    document.querySelectorAll(".ant-table-wrapper").forEach((table, i) => {
      const right = table.getBoundingClientRect().right;
      if (right > width + 1) out.push("table " + (i + 1) + " ends at " + Math.round(right) + " px");
      table.querySelectorAll(".ant-table-content, .ant-table-body, .ant-table-container").forEach((box) => {
        const overflowX = getComputedStyle(box).overflowX;
        if (box.scrollWidth > box.clientWidth + 1 && overflowX !== "auto" && overflowX !== "scroll") {
          out.push("table " + (i + 1) + " hides " + (box.scrollWidth - box.clientWidth) + " px of columns");
        }
      });
    });
    return out;
  })()`)) as string[];
  expect(problems, `${name} (${page.url()})`).toEqual([]);
}
