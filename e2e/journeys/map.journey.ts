import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible } from "../support/axe";
import { launchBrowser, newPage, snap } from "../support/browser";
import { signIn } from "../support/session";

/**
 * Issue 3's journey: the administrator opens the grid map, clicks a micro grid of 爱博片区 and sees
 * its 党员责任区 and responsible member, then types the GCJ-02 coordinate of 虹桥火车站 and lands
 * in 枢纽片区.
 */
const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
let browser: Browser;
let page: Page;

/** 申贵路居委第1微网格: the first micro grid of 爱博片区 in data/demo/xinhong/grids.geojson. */
const MICRO_GRID_CODE = "3101120080000101001";
/** A micro grid of 华美片区 (天山西路街面第1微网格), picked by clicking the map. */
const PICKED_MICRO_GRID_CODE = "3101120080000201001";
/** 虹桥火车站 as AMap/WeChat (GCJ-02) gives it. */
const HONGQIAO_STATION_GCJ02 = { lng: "121.3219", lat: "31.1944" };

interface GridCardFacts {
  name: string;
  organisation: { name: string } | null;
  responsible: { name: string }[];
}

/** What the API says about a grid, read with the signed-in page's cookies. */
async function gridFacts(page: Page, code: string): Promise<GridCardFacts> {
  const map = (await (await page.request.get(`${baseUrl}/api/v1/grids/map.geojson?level=4`)).json()) as { features: { id: string; properties: { code: string } }[] };
  const feature = map.features.find((candidate) => candidate.properties.code === code);
  expect(feature, `micro grid ${code} in the map layer`).toBeDefined();
  return (await (await page.request.get(`${baseUrl}/api/v1/grids/${feature!.id}`)).json()) as GridCardFacts;
}

/** Waits until the map has stopped panning and zooming (it flies to a selected grid). */
async function mapAtRest(page: Page) {
  await page.locator('[data-testid="map-container"][data-moving="false"]').waitFor();
}

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page } = await newPage(browser, { locale: "zh-CN", width: 1440, height: 900 }));
});
afterAll(async () => browser?.close());
// A failed step leaves a picture of what the browser showed.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") await snap(page, `FAILED-map-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
});

describe("the grid map", () => {
  it("signs in as admin and opens the map with all four levels drawn", async () => {
    await page.goto(baseUrl);
    await signIn(page, "admin", adminPassword, "zh-CN");
    await page.getByTestId("menu-map").click();
    await page.getByTestId("map-container").waitFor();
    await page.getByTestId(`map-grid-${MICRO_GRID_CODE}`).waitFor();
    expect(await page.locator('[data-testid="map-container"] path[data-level="4"]').count()).toBe(147);
    expect(await page.locator('[data-testid="map-container"] path[data-level="2"]').count()).toBe(4);
    expect(await page.locator('[data-testid="map-container"] .caihong-map-label').allTextContents()).toEqual(
      expect.arrayContaining(["爱博片区", "华美片区", "枢纽片区", "航华片区"]),
    );
    await snap(page, "map-01-overview");
    await expectAccessible(page, "map-01-overview");
  });

  it("clicks a micro grid of 爱博片区 and sees its 党员责任区 and responsible member", async () => {
    const facts = await gridFacts(page, MICRO_GRID_CODE);
    expect(facts.organisation?.name).toMatch(/党员责任区$/);
    expect(facts.responsible.length).toBeGreaterThan(0);

    await page.getByTestId(`map-grid-${MICRO_GRID_CODE}`).click();
    const card = page.getByTestId("grid-card");
    await expect.poll(() => card.getByTestId("grid-card-name").textContent()).toBe(facts.name);
    expect(await card.getByTestId("grid-card-code").textContent()).toContain(MICRO_GRID_CODE);
    expect(await card.getByTestId("grid-card-org").textContent()).toContain(facts.organisation!.name);
    expect(await card.getByTestId("grid-card-responsible").textContent()).toContain(facts.responsible[0]!.name);
    await snap(page, "map-02-micro-grid-card");
    await expectAccessible(page, "map-02-micro-grid-card");
  });

  it("finds a disposal grid by name and opens its card with its council", async () => {
    await page.getByTestId("map-search").locator("input").fill("航华");
    await page.getByTestId("map-search-option-31011200800004").click();
    await expect.poll(() => page.getByTestId("grid-card-name").textContent()).toBe("航华片区");
    expect(await page.getByTestId("grid-card-org").textContent()).toContain("党建议事会");
    await mapAtRest(page);
    await snap(page, "map-03-search-disposal-grid");
    await expectAccessible(page, "map-03-search-disposal-grid");
  });

  it("types the GCJ-02 coordinate of 虹桥火车站 and lands in 枢纽片区", async () => {
    await page.getByTestId("map-locate-toggle").click();
    await page.getByTestId("map-locate-lng").fill(HONGQIAO_STATION_GCJ02.lng);
    await page.getByTestId("map-locate-lat").fill(HONGQIAO_STATION_GCJ02.lat);
    await page.getByTestId("map-locate-crs").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "GCJ-02" }).click();
    await page.getByTestId("map-locate-submit").click();
    const result = page.getByTestId("map-locate-result");
    await result.waitFor();
    expect(await result.getAttribute("data-inside")).toBe("true");
    const chain = ((await result.getByTestId("map-locate-chain").textContent()) ?? "").split(" › ");
    expect(chain.slice(0, 2)).toEqual(["新虹街道", "枢纽片区"]);
    expect(chain).toHaveLength(4);
    await page.getByTestId("map-locate-marker").waitFor();
    // The micro grid at the end of the chain is selected and its card opens.
    const microName = chain[3];
    await expect.poll(() => page.getByTestId("grid-card-name").textContent()).toBe(microName);
    await mapAtRest(page);
    await snap(page, "map-04-located-hongqiao-station");
    await expectAccessible(page, "map-04-located-hongqiao-station");
  });

  it("says clearly when a point lies outside the sub-district", async () => {
    await page.getByTestId("map-locate-lng").fill("121.4737");
    await page.getByTestId("map-locate-lat").fill("31.2304");
    await page.getByTestId("map-locate-submit").click();
    await expect.poll(() => page.getByTestId("map-locate-result").getAttribute("data-inside")).toBe("false");
    expect(await page.getByTestId("map-locate-result").textContent()).toContain("不在");
    await mapAtRest(page);
    await snap(page, "map-05-outside");
    await expectAccessible(page, "map-05-outside");
  });

  it("locates a point picked on the map", async () => {
    const facts = await gridFacts(page, PICKED_MICRO_GRID_CODE);
    await page.getByTestId("map-locate-pick").click();
    await page.getByTestId(`map-grid-${PICKED_MICRO_GRID_CODE}`).click();
    await expect.poll(() => page.getByTestId("map-locate-result").getAttribute("data-inside")).toBe("true");
    const chain = ((await page.getByTestId("map-locate-chain").textContent()) ?? "").split(" › ");
    expect(chain[1]).toBe("华美片区");
    expect(chain[3]).toBe(facts.name);
    await expect.poll(() => page.getByTestId("grid-card-name").textContent()).toBe(facts.name);
    await mapAtRest(page);
    // The map stays inside its box (Leaflet's container classes survive the picking mode).
    expect(await page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")).toEqual([1440, 900]);
    await snap(page, "map-06-picked-on-map");
    await expectAccessible(page, "map-06-picked-on-map");
  });
});

describe("the grid tree beside the party-organisation tree", () => {
  it("shows the level counts, the one-to-one mapping and no violations", async () => {
    await page.getByTestId("menu-grids").click();
    await page.getByTestId("grids-tree").waitFor();
    await expect.poll(() => page.getByTestId("grids-summary-level-4").textContent()).toContain("147");
    expect(await page.getByTestId("grids-summary-level-2").textContent()).toContain("4");
    expect(await page.getByTestId("grids-summary-level-3").textContent()).toContain("29");
    await page.getByTestId("grids-consistency-status").waitFor();
    const disposal = page.getByTestId("grids-row-31011200800001");
    expect(await disposal.textContent()).toContain("爱博片区处置网格党建议事会");
    await snap(page, "grids-01-tree");
    await expectAccessible(page, "grids-01-tree");
  });

  it("filters the tree to a micro grid and shows its 党员责任区", async () => {
    await page.getByTestId("grids-search").fill(MICRO_GRID_CODE);
    const row = page.getByTestId(`grids-row-${MICRO_GRID_CODE}`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/党员责任区/);
    await snap(page, "grids-02-filtered");
    await expectAccessible(page, "grids-02-filtered");
  });

  it("edits the micro grid's contact person", async () => {
    await page.getByTestId(`grid-edit-${MICRO_GRID_CODE}`).click();
    const name = page.getByTestId("grid-edit-contact-name");
    await expect.poll(() => name.inputValue()).not.toBe("");
    await name.fill("联系人（示例）");
    await snap(page, "grids-03-edit");
    await expectAccessible(page, "grids-03-edit");
    await page.getByTestId("grid-edit-submit").click();
    await page.getByTestId("grid-edit-form").waitFor({ state: "detached" });
    const facts = (await gridFacts(page, MICRO_GRID_CODE)) as GridCardFacts & { contactName: string };
    expect(facts.contactName).toBe("联系人（示例）");
  });

  it("checks the topology and finds the demo tiling clean", async () => {
    await page.getByTestId("grids-tab-topology").click();
    await page.getByTestId("grids-topology-summary").waitFor();
    expect(await page.getByTestId("grids-topology-summary").textContent()).toContain("181");
    await snap(page, "grids-04-topology");
    await expectAccessible(page, "grids-04-topology");
  });

  it("dry-runs an import of the exported GeoJSON and writes nothing until confirmed", async () => {
    const exported = await (await page.request.get(`${baseUrl}/api/v1/grids/export.geojson`)).body();
    await page.getByTestId("grids-import").click();
    await page.getByTestId("grids-import-file").locator('input[type="file"]').setInputFiles({ name: "grids.geojson", mimeType: "application/geo+json", buffer: exported });
    await page.getByTestId("grids-import-result").waitFor();
    expect(await page.getByTestId("grids-import-confirm").isEnabled()).toBe(true);
    await snap(page, "grids-05-import-dry-run");
    await expectAccessible(page, "grids-05-import-dry-run");

    const broken = JSON.parse(exported.toString("utf8")) as { features: { properties: { parentCode: string | null } }[] };
    broken.features[1]!.properties.parentCode = "999999999999";
    await page.getByTestId("grids-import-file").locator('input[type="file"]').setInputFiles({ name: "broken.geojson", mimeType: "application/geo+json", buffer: Buffer.from(JSON.stringify(broken)) });
    await page.getByTestId("grids-import-problems").waitFor();
    expect(await page.getByTestId("grids-import-confirm").isEnabled()).toBe(false);
    await snap(page, "grids-06-import-problems");
    await expectAccessible(page, "grids-06-import-problems");
    await page.getByTestId("grids-import-cancel").click();
  });
});
