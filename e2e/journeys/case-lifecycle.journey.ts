import fs from "node:fs";
import path from "node:path";
import { request, type APIRequestContext, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible } from "../support/axe";
import { launchBrowser, newPage, snap } from "../support/browser";
import { signIn } from "../support/session";

/**
 * Issue 4's journey (快速处置一件事): a resident signs up on a 375 px phone and reports shared bikes
 * piled up, with a photo and the place; the dispatcher (desktop) files the case and dispatches it
 * to the micro grid's grid worker; the worker acknowledges it on the phone and reports it handled
 * with an evidence photo; the dispatcher verifies and closes it; the resident sees 已结案 in 我的反映
 * and rates it 满意. Then the worker reports a problem on patrol and resolves it on the spot, and
 * someone without an account reports one and follows it with the tracking code.
 */
const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const SERVER_LOG = path.resolve(import.meta.dirname, "../artifacts/server.log");

/** 申贵路居委第1微网格 (爱博片区) in data/demo/xinhong/grids.geojson. */
const MICRO_GRID_CODE = "3101120080000101001";
const WORKER = { username: "case.worker", displayName: "网格员小李（e2e）", password: "worker-pass-1" };
const RESIDENT = { phone: "13912340401", displayName: "王阿姨（e2e）", password: "resident-pass-1" };
const PHONE = { width: 375, height: 812 };

/** A 96×72 JPEG (a bike on a pavement), small enough to keep here. */
const PHOTO = {
  name: "bikes.jpg",
  mimeType: "image/jpeg",
  buffer: Buffer.from("/9j/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCABIAGADASIAAhEBAxEB/8QAGQABAQEBAQEAAAAAAAAAAAAAAAYFBAED/8QAMBAAAQMDAwICCQUBAAAAAAAAAAECAwQFEQYSEyExQaEUFjJRUmGBkbEHFRci4SP/xAAXAQEBAQEAAAAAAAAAAAAAAAAAAgUD/8QAJBEAAwACAAUFAQEAAAAAAAAAAAECAxEEBSFBURIxYYGREyL/2gAMAwEAAhEDEQA/AK8AGmYoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABhan1A+0RQ01HFzV9Uu2FmM48Mqn4MxmkbvWs9IuuoKhs7uqsiVdrPNE+yEO9PSR1mNrbeivc5GNVzlwid1M6Ssmc9XRqrWdk6GI2Z2n7a79yus9ZEkqI1725VM9k8V969yoijiWna1mHRuTKL3z8zCyXn5jTnh69ET38v67GzGPDy+VWefVVdvC++58KWSpke1znZj657HYZFVO2gq200dS1k07HLG1eq9PHHjgxItK3K5bp67UdSsqqv8AWLKI36ZTyQ68tzuN8Plb/ouv+nv8fj4I5hgm9cRj0sb8LX6vPyWQIp1ZetHVcSXGqdcbXK7bzORd8a/n6ZUtGua9iPY5HNcmUVOyobM1sx6j09ex6ACiDmABmG0SlVj+SaTn7ejf8s9s4d/pUSsWSNWouDH1JYn3aKKopJOGupV3Qv7Z+SqZ0eq7tRN4LnYqh07em+JF2v8AJU+ykZIWSHFezKi3FKl7o79VxwxaVrEkx7LcKvxbkwdmnuT1eoOTO7gb392Onlgn1pLxq6qiW4UzrfbInbuJVXdIv5+uELBrWsajGojWtTCInggiJxyplaSF3V06p9WStXtX9SaRJ/Z9GXiz2zh3+lKlPsmRzHYb4oZWpLE+7RRVFJJw11Ku6F/bPyVTOj1XdqJvBc7FUOnb03xIu1/kqfZSMuDHladLqvYvHmvGmpfRmlrDi9V6zlxja3bn4tyYOnT3J6vUHJndwN7+7HTywT60l41dVRLcKZ1vtkTt3EqrukX8/XCFg1rWNRjURrWphETwQ7HI9AAAAAAAAAAAAAAAAAAAAB//2Q==", "base64"),
};

let browser: Browser;
let admin: Page;
let resident: Page;
let worker: Page;
let current: Page | undefined;
/** The micro grid and a point inside it (WGS84). */
let grid: { id: string; name: string; point: { lng: number; lat: number } };
let caseNumber = "";
let caseId = "";

/** The signed-in page's CSRF token, for setup writes through page.request. */
async function csrfOf(page: Page): Promise<string> {
  const me = (await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json()) as { csrfToken: string };
  return me.csrfToken;
}

/** Nothing wider than the phone: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page) {
  // Expressions as strings: this package compiles without the DOM library.
  const overflow = (await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
  expect(overflow, "page is wider than the viewport").toBeLessThanOrEqual(0);
}

/** Waits until every picture has loaded (a screenshot would show empty boxes) and checks none is broken. */
async function picturesLoaded(page: Page) {
  // A function, not a string: a string predicate is re-evaluated with eval() while it polls, which
  // the app's Content-Security-Policy (no 'unsafe-eval') refuses whenever a picture is still loading.
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: { images: ArrayLike<{ complete: boolean }> } }).document;
    return Array.from(doc.images).every((img) => img.complete);
  });
  const broken = (await page.evaluate("Array.from(document.images).filter((img) => img.naturalWidth === 0).map((img) => img.src)")) as string[];
  expect(broken, "pictures that did not load").toEqual([]);
}

/** Picks an option of an antd Select after typing into its search box. */
async function searchAndPick(page: Page, testId: string, typed: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).locator("input").fill(typed);
  const dropdown = page.locator(".ant-select-dropdown:visible");
  // The search is debounced and remote: wait until the list shows only the searched-for entries, or
  // the click may land on an option of the earlier, unfiltered list as it is replaced.
  const options = dropdown.locator(".ant-select-item-option");
  await expect.poll(async () => {
    const texts = await options.allTextContents();
    return texts.length > 0 && texts.every((text) => text.includes(typed));
  }).toBe(true);
  await options.filter({ hasText: option }).first().click();
  await expect.poll(() => page.getByTestId(testId).textContent()).toContain(option);
}

/** The SMS code the embedded server "sent" (in development it writes texts to its log, the number masked). */
async function smsCode(phone: string): Promise<string> {
  let code = "";
  await expect
    .poll(() => {
      const masked = `${phone.slice(0, 3)}\\*{4}${phone.slice(-4)}`;
      const match = new RegExp(`SMS to ${masked}: [^\\n]*?(\\d{6})`).exec(fs.readFileSync(SERVER_LOG, "utf8"));
      code = match?.[1] ?? "";
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code;
}

/** Takes a step on the desktop case page: the action button, then the dialog's OK. */
async function dispatcherStep(action: string, expectedState: string, fill?: () => Promise<void>) {
  await admin.getByTestId(`case-action-${action}`).click();
  if (fill) await fill();
  await admin.getByTestId("case-action-submit").click();
  await admin.getByTestId("case-detail").getByTestId(`state-${expectedState}`).waitFor();
}

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page: admin } = await newPage(browser, { locale: "zh-CN", width: 1440, height: 900 }));
  ({ page: resident } = await newPage(browser, { locale: "zh-CN", ...PHONE }));
  ({ page: worker } = await newPage(browser, { locale: "zh-CN", ...PHONE }));
});
afterAll(async () => browser?.close());
// A failed step leaves a picture of what the browser of that step showed.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail" && current) await snap(current, `FAILED-case-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
});

describe("a problem report from the phone to its rating", () => {
  it("the administrator signs in and gives a micro grid a grid worker", async () => {
    current = admin;
    await admin.goto(baseUrl);
    await signIn(admin, "admin", adminPassword, "zh-CN");
    const map = (await (await admin.request.get(`${baseUrl}/api/v1/grids/map.geojson?level=4`)).json()) as { features: { id: string; properties: { code: string; name: string } }[] };
    const feature = map.features.find((candidate) => candidate.properties.code === MICRO_GRID_CODE)!;
    const detail = (await (await admin.request.get(`${baseUrl}/api/v1/grids/${feature.id}`)).json()) as { centroid: { lng: number; lat: number } };
    grid = { id: feature.id, name: feature.properties.name, point: detail.centroid };
    // The centroid must lie in the grid itself for the report to land there.
    const located = (await (await admin.request.get(`${baseUrl}/api/v1/grids/locate`, { params: { lng: grid.point.lng, lat: grid.point.lat, crs: "wgs84" } })).json()) as { chain: { id: string }[] };
    expect(located.chain.at(-1)?.id).toBe(grid.id);

    const roles = (await (await admin.request.get(`${baseUrl}/api/v1/roles`)).json()) as { items: { id: string; code: string }[] };
    const gridWorkerRole = roles.items.find((role) => role.code === "grid_worker")!;
    const temporary = "temporary-pass-1";
    const created = await admin.request.post(`${baseUrl}/api/v1/users`, {
      headers: { "X-CSRF-Token": await csrfOf(admin) },
      data: { username: WORKER.username, displayName: WORKER.displayName, password: temporary, gridId: grid.id, roles: [{ roleId: gridWorkerRole.id, scope: "subtree", gridId: grid.id }] },
    });
    expect(created.status(), await created.text()).toBe(201);
    // The first sign-in asks for a new password; do that here so the phone signs straight in.
    const api: APIRequestContext = await request.newContext({ baseURL: baseUrl });
    const session = (await (await api.post("/api/v1/auth/login", { data: { username: WORKER.username, password: temporary } })).json()) as { csrfToken: string };
    const changed = await api.post("/api/v1/auth/password", { headers: { "X-CSRF-Token": session.csrfToken }, data: { currentPassword: temporary, newPassword: WORKER.password } });
    expect(changed.status(), await changed.text()).toBe(204);
    await api.dispose();
  });

  it("a resident signs up on a 375 px phone and lands on 我要反映问题 / 我的反映", async () => {
    current = resident;
    await resident.goto(`${baseUrl}/register`);
    await resident.getByTestId("register-phone").fill(RESIDENT.phone);
    await resident.getByTestId("register-send-code").click();
    await resident.getByTestId("register-code").fill(await smsCode(RESIDENT.phone));
    await resident.getByTestId("register-display-name").fill(RESIDENT.displayName);
    await resident.getByTestId("register-password").fill(RESIDENT.password);
    await resident.getByTestId("register-confirm-password").fill(RESIDENT.password);
    await resident.getByTestId("register-submit").click();
    await resident.getByTestId("home-report").waitFor();
    await resident.getByTestId("home-my-reports").waitFor();
    // Residents get the phone shell, not the staff menu.
    expect(await resident.getByTestId("menu-toggle").count()).toBe(0);
    await expectNoSidewaysScroll(resident);
    await snap(resident, "case-01-resident-home");
    await expectAccessible(resident, "case-01-resident-home");
  });

  it("the resident reports shared bikes with a photo and the place", async () => {
    current = resident;
    await resident.getByTestId("home-report").click();
    await resident.getByTestId("report-form").waitFor();
    await resident.getByTestId("report-category-group-06").click();
    await resident.getByTestId("report-category-0601").click();
    expect(await resident.getByTestId("report-category-standard").textContent()).toContain("共享单车堆积");
    await resident.getByTestId("report-field-bike_brand").getByText("哈啰").click();
    await resident.getByTestId("report-description").fill("地铁站出口共享单车堆积，占用盲道（e2e）");
    await resident.getByTestId("report-photo-input").setInputFiles(PHOTO);
    await resident.locator('[data-testid="report-photo-thumb"][data-status="done"]').waitFor();
    await resident.getByTestId("report-location-lng").fill(String(grid.point.lng));
    await resident.getByTestId("report-location-lat").fill(String(grid.point.lat));
    await resident.locator('[data-testid="report-location-value"][data-has-value="true"]').waitFor();
    await resident.getByTestId("report-address").fill("申贵路地铁站 2 号口");
    await expectNoSidewaysScroll(resident);
    await snap(resident, "case-02-report-form");
    await expectAccessible(resident, "case-02-report-form");

    // Two quick taps: the Idempotency-Key makes it one case.
    await resident.getByTestId("report-submit").dblclick();
    await resident.getByTestId("report-success").waitFor();
    caseNumber = ((await resident.getByTestId("report-number").textContent()) ?? "").trim();
    expect(caseNumber).toMatch(/^XH-\d{4}-\d{6}$/);
    const mine = (await (await resident.request.get(`${baseUrl}/api/v1/cases`, { params: { reportedByMe: "true" } })).json()) as { items: { id: string; number: string; gridId: string; photoCount: number }[] };
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ number: caseNumber, gridId: grid.id, photoCount: 1 });
    caseId = mine.items[0]!.id;
    await snap(resident, "case-03-report-sent");
    await expectAccessible(resident, "case-03-report-sent");
  });

  it("the dispatcher files the case and dispatches it to the micro grid's worker", async () => {
    current = admin;
    await admin.goto(`${baseUrl}/cases/${caseId}`);
    await admin.getByTestId("case-detail").getByTestId("state-reported").waitFor();
    expect(await admin.getByTestId("case-detail-number").textContent()).toContain(caseNumber);
    await dispatcherStep("file", "filed");
    await dispatcherStep("dispatch", "dispatched", () => searchAndPick(admin, "case-assignee-user", WORKER.username, WORKER.displayName));
    await snap(admin, "case-04-dispatched");
    await expectAccessible(admin, "case-04-dispatched");
  });

  it("the grid worker acknowledges the task on the phone and reports it handled with a photo", async () => {
    current = worker;
    await worker.goto(baseUrl);
    await signIn(worker, WORKER.username, WORKER.password, "zh-CN");
    await worker.getByTestId("home-link-tasks").click();
    await worker.getByTestId("tasks-page").waitFor();
    const card = worker.getByTestId(`case-card-${caseNumber}`);
    await card.waitFor();
    expect(await worker.getByTestId(`case-card-state-${caseNumber}`).getAttribute("data-state")).toBe("dispatched");
    await expectNoSidewaysScroll(worker);
    await snap(worker, "case-05-worker-tasks");
    await expectAccessible(worker, "case-05-worker-tasks");

    await card.click();
    await worker.getByTestId("task-acknowledge").waitFor();
    await worker.locator('[data-testid="location-map"] [data-testid="map-locate-marker"]').waitFor();
    await expectNoSidewaysScroll(worker);
    await picturesLoaded(worker);
    await snap(worker, "case-06-worker-task");
    await expectAccessible(worker, "case-06-worker-task");
    await worker.getByTestId("task-acknowledge").click();
    await worker.locator('[data-testid="case-state"][data-state="acknowledged"]').waitFor();

    await worker.getByTestId("task-handle").click();
    await worker.getByTestId("step-note").fill("已联系运营方清运，盲道已畅通（e2e）");
    await worker.getByTestId("step-photo-input").setInputFiles(PHOTO);
    await worker.locator('[data-testid="step-photo-thumb"][data-status="done"]').waitFor();
    await snap(worker, "case-07-worker-handle-form");
    await expectAccessible(worker, "case-07-worker-handle-form");
    await worker.getByTestId("step-submit").click();
    await worker.locator('[data-testid="case-state"][data-state="handled"]').waitFor();
    await worker.locator('[data-testid="case-timeline-step"][data-action="handle"] [data-testid="case-timeline-photos"]').waitFor();
    await picturesLoaded(worker);
    await snap(worker, "case-08-worker-handled");
    await expectAccessible(worker, "case-08-worker-handled");
  });

  it("the dispatcher verifies and closes the case", async () => {
    current = admin;
    await admin.reload();
    await admin.getByTestId("case-detail").getByTestId("state-handled").waitFor();
    await dispatcherStep("verify", "verified");
    await dispatcherStep("close", "closed");
    await snap(admin, "case-09-closed");
    await expectAccessible(admin, "case-09-closed");
  });

  it("the resident sees 已结案 in 我的反映 and rates it 满意", async () => {
    current = resident;
    await resident.goto(baseUrl);
    await resident.getByTestId("home-my-reports").click();
    const state = resident.getByTestId(`case-card-state-${caseNumber}`);
    await state.waitFor();
    expect(await state.getAttribute("data-state")).toBe("closed");
    expect(await state.textContent()).toContain("已结案");
    await snap(resident, "case-10-my-reports");
    await expectAccessible(resident, "case-10-my-reports");

    await resident.getByTestId(`case-card-${caseNumber}`).click();
    await resident.getByTestId("rate-panel").waitFor();
    await expectNoSidewaysScroll(resident);
    await resident.getByTestId("rate-satisfied").click();
    await resident.getByTestId("rate-note").fill("清理得很及时，谢谢！");
    await picturesLoaded(resident);
    await snap(resident, "case-11-rate");
    await expectAccessible(resident, "case-11-rate");
    await resident.getByTestId("rate-submit").click();
    await resident.locator('[data-testid="rate-current"][data-satisfaction="satisfied"]').waitFor();
    await resident.locator('[data-testid="case-timeline-step"][data-action="rate"]').waitFor();
    await picturesLoaded(resident);
    await snap(resident, "case-12-rated");
    await expectAccessible(resident, "case-12-rated");
  });

  it("the API shows the rating and every step in order", async () => {
    const detail = (await (await resident.request.get(`${baseUrl}/api/v1/cases/${caseId}`)).json()) as {
      state: string;
      satisfaction: string;
      events: { action: string }[];
      photos: { kind: string }[];
      attributes: Record<string, unknown>;
    };
    expect(detail.state).toBe("closed");
    expect(detail.satisfaction).toBe("satisfied");
    expect(detail.events.map((event) => event.action)).toEqual(["report", "file", "dispatch", "acknowledge", "handle", "verify", "close", "rate"]);
    expect(detail.photos.map((photo) => photo.kind).sort()).toEqual(["evidence", "report"]);
    expect(detail.attributes).toEqual({ bike_brand: ["hellobike"] });
  });
});

describe("a grid worker resolves a patrol find on the spot", () => {
  it("reports from 巡查上报, then 自办自结 with a note and a photo closes it", async () => {
    current = worker;
    await worker.goto(`${baseUrl}/tasks`);
    await worker.getByTestId("tasks-patrol").click();
    await worker.getByTestId("report-form").waitFor();
    await worker.getByTestId("report-category-group-01").click();
    await worker.getByTestId("report-category-0102").click();
    await worker.getByTestId("report-description").fill("绿化带旁暴露垃圾一袋（e2e 巡查）");
    await worker.getByTestId("report-location-lng").fill(String(grid.point.lng));
    await worker.getByTestId("report-location-lat").fill(String(grid.point.lat));
    await worker.locator('[data-testid="location-map"] [data-testid="map-locate-marker"]').waitFor();
    await expectNoSidewaysScroll(worker);
    await snap(worker, "case-13-patrol-form");
    await expectAccessible(worker, "case-13-patrol-form");
    await worker.getByTestId("report-submit").click();

    await worker.getByTestId("task-self_resolve").click();
    await worker.getByTestId("step-note").fill("已当场清理（e2e）");
    await worker.getByTestId("step-photo-input").setInputFiles(PHOTO);
    await worker.locator('[data-testid="step-photo-thumb"][data-status="done"]').waitFor();
    await worker.getByTestId("step-submit").click();
    await worker.locator('[data-testid="case-state"][data-state="closed"]').waitFor();
    await picturesLoaded(worker);
    await snap(worker, "case-14-self-resolved");
    await expectAccessible(worker, "case-14-self-resolved");
    const number = ((await worker.getByTestId("case-number").textContent()) ?? "").trim();
    const found = (await (await worker.request.get(`${baseUrl}/api/v1/cases`, { params: { q: number } })).json()) as { items: { channel: string; selfResolved: boolean; state: string }[] };
    expect(found.items[0]).toMatchObject({ channel: "patrol", selfResolved: true, state: "closed" });
  });
});

describe("someone without an account reports and follows the case", () => {
  it("gets a tracking code on /report/public and sees the case on /track", async () => {
    const { page: visitor } = await newPage(browser, { locale: "zh-CN", ...PHONE });
    current = visitor;
    await visitor.goto(`${baseUrl}/report/public`);
    await visitor.getByTestId("report-form").waitFor();
    await visitor.getByTestId("report-category-group-06").click();
    await visitor.getByTestId("report-category-0607").click();
    await visitor.getByTestId("report-description").fill("3 号楼楼道堆放纸箱（e2e 匿名）");
    await visitor.getByTestId("report-photo-input").setInputFiles(PHOTO);
    await visitor.locator('[data-testid="report-photo-thumb"][data-status="done"]').waitFor();
    // A point as WeChat shares it (GCJ-02): the server converts it.
    await visitor.getByTestId("report-location-lng").fill(`${(grid.point.lng + 0.0045).toFixed(6)},${(grid.point.lat - 0.002).toFixed(6)}`);
    await visitor.getByTestId("report-location-gcj").click();
    await visitor.locator('[data-testid="report-location-value"][data-has-value="true"]').waitFor();
    expect(await visitor.getByTestId("report-location-value").textContent()).toContain("GCJ-02");
    await expectNoSidewaysScroll(visitor);
    await snap(visitor, "case-15-public-form");
    await expectAccessible(visitor, "case-15-public-form");
    await visitor.getByTestId("report-submit").click();
    const code = ((await visitor.getByTestId("report-tracking-code").textContent()) ?? "").trim();
    expect(code).not.toBe("");
    await snap(visitor, "case-16-public-code");
    await expectAccessible(visitor, "case-16-public-code");

    await visitor.getByTestId("report-track-link").click();
    await visitor.locator('[data-testid="case-state"][data-state="reported"]').waitFor();
    expect(new URL(visitor.url()).searchParams.get("code")).toBe(code);
    expect(await visitor.getByTestId("case-photos-item").count()).toBe(1);
    await picturesLoaded(visitor);
    await snap(visitor, "case-17-track");
    await expectAccessible(visitor, "case-17-track");
  });
});
