import { INBOX_BUCKET_KEYS, INBOX_BUCKETS, inboxBucketQuery, type InboxBucket, type TInboxBucketKey } from "@caihong/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

// The inbox's tiles promise that their number is the length of the list they open: for a grid
// worker and a dispatcher with cases in every bucket, each count of GET /inbox equals the number
// of cases GET /cases lists with the bucket's own filters (inboxBucketQuery).

let t: TestApp;
let admin: Session;
let worker: Session;

async function step(s: Session, id: string, body: Record<string, unknown>) {
  const current = (await s.request("GET", `/api/v1/cases/${id}`)).json() as { version: number };
  const res = await s.request("POST", `/api/v1/cases/${id}/transitions`, { version: current.version, ...body });
  expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
  return res.json() as { handleDueAt: string | null; state: string };
}

/** Every case a list query gives, page after page. */
async function listAll(s: Session, query: Record<string, string | undefined>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams(Object.entries({ ...query, limit: "100", cursor }).filter((e): e is [string, string] => e[1] !== undefined));
    const res = await s.request("GET", `/api/v1/cases?${params.toString()}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

async function counts(s: Session) {
  const res = await s.request("GET", "/api/v1/inbox");
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { counts: Record<TInboxBucketKey, number> }).counts;
}

beforeAll(async () => {
  // Saturday 08:00 in Shanghai: cases dispatched now fall due on Monday (2 working hours for 0601).
  // Sessions outlive the weekend the clock jumps over.
  t = await createTestApp({ sessionIdleMinutes: 7 * 24 * 60, sessionAbsoluteHours: 7 * 24 });
  t.clock.set(new Date("2026-11-28T08:00:00+08:00"));
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const ids = await seeded(admin);
  const micro = ids.grids.find((g) => g.level === 4)!;
  const { centroid } = (await admin.request("GET", `/api/v1/grids/${micro.id}`)).json() as { centroid: { lng: number; lat: number } };
  const location = { ...centroid, crs: "wgs84" };
  worker = await createUserAndLogin(admin, t.app, { username: "inbox-worker", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: micro.id }] });
  const categories = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
  const bikes = categories.find((c) => c.code === "0601")!.id;
  const report = async (s: Session, description: string) => {
    const res = await s.request("POST", "/api/v1/cases", { categoryId: bikes, description, location });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const dispatch = async (description: string) => {
    const id = await report(admin, description);
    await step(admin, id, { action: "file" });
    await step(admin, id, { action: "dispatch", assignee: { userId: worker.userId } });
    return id;
  };

  // 我上报的, and 待立案 for the dispatcher.
  await report(worker, "巡查发现共享单车堆放");
  // 待签收 → overdue by Monday noon.
  await dispatch("待签收的案件");
  // 已签收 → overdue.
  await step(worker, await dispatch("已签收的案件"), { action: "acknowledge" });
  // 退回待审 (the clock keeps running) → overdue.
  const returned = await dispatch("申请退回的案件");
  await step(worker, returned, { action: "acknowledge" });
  await step(worker, returned, { action: "request_return", reason: "不属于本网格" });
  // 待核查 for the dispatcher.
  const handled = await dispatch("已处置的案件");
  await step(worker, handled, { action: "acknowledge" });
  await step(worker, handled, { action: "handle", note: "已清运" });
  // 延期申请 for the dispatcher (the due time moves only when approved) → overdue.
  const extension = await dispatch("申请延期的案件");
  const acknowledged = await step(worker, extension, { action: "acknowledge" });
  await step(worker, extension, { action: "request_extension", reason: "需协调运营方", dueAt: new Date(new Date(acknowledged.handleDueAt!).getTime() + 3 * 86_400_000).toISOString() });
  // 重办: closed, rated 不满意 at the follow-up call, reopened to the same handler → overdue.
  const reopened = await dispatch("重办的案件");
  await step(worker, reopened, { action: "acknowledge" });
  await step(worker, reopened, { action: "handle", note: "已清运" });
  await step(admin, reopened, { action: "verify" });
  await step(admin, reopened, { action: "close" });
  await step(admin, reopened, { action: "follow_up", satisfaction: "dissatisfied", note: "仍有单车堆放" });
  await step(admin, reopened, { action: "reopen", reason: "回访不满意" });
  // Monday 10:00: a case due at 12:00, past 80 % of its limit by 11:40 (临期).
  t.clock.set(new Date("2026-11-30T10:00:00+08:00"));
  await dispatch("临期的案件");
  t.clock.set(new Date("2026-11-30T11:40:00+08:00"));
}, 180_000);
afterAll(async () => t?.close());

describe("the inbox counts what its tiles open", () => {
  for (const who of ["grid worker", "dispatcher"] as const) {
    it(`gives a ${who} for every bucket the number of cases the bucket's list shows`, async () => {
      const session = who === "dispatcher" ? admin : worker;
      const canDispatch = who === "dispatcher";
      const got = await counts(session);
      expect(Object.keys(got).sort()).toEqual([...INBOX_BUCKET_KEYS].sort());
      for (const key of INBOX_BUCKET_KEYS) {
        const bucket: InboxBucket = INBOX_BUCKETS[key];
        // A dispatcher's bucket is zero for anyone else, and the workbench shows them no tile.
        if (bucket.needsDispatch && !canDispatch) {
          expect(got[key], key).toBe(0);
          continue;
        }
        const listed = await listAll(session, inboxBucketQuery(key, canDispatch));
        expect(got[key], `${who} · ${key}`).toBe(listed.length);
      }
    });
  }

  it("has cases in every bucket, so the equalities above are not all zero", async () => {
    const [mine, theirs] = [await counts(worker), await counts(admin)];
    for (const key of INBOX_BUCKET_KEYS) expect(Math.max(mine[key], theirs[key]), key).toBeGreaterThan(0);
  });

  it("counts a grid worker's own overdue cases on the phone, and a dispatcher's whole area on the workbench", async () => {
    const [mine, theirs] = [await counts(worker), await counts(admin)];
    expect(mine.myOverdue).toBe(mine.overdue);
    expect(theirs.myOverdue).toBe(0);
    expect(theirs.overdue).toBeGreaterThanOrEqual(mine.overdue);
    expect(mine.myTodo + mine.myDoing).toBeGreaterThanOrEqual(mine.assigned);
  });
});
