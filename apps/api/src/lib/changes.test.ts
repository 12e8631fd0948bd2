import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LISTENER_APPLICATION_NAME, migrateDatabase, openDatabase, type Database } from "../db/client";
import { backend, createTestDatabase } from "../test/harness";
import { changeVersionsOf, DatabaseChangeBus, type ChangeTopic, type ChangeVersions } from "./changes";
import type { ChangeEvent } from "./context";
import { fromJsonColumn } from "./sql-fragments";

/** The next event `topic`'s subscribers get on `bus`. */
function nextEvent(bus: DatabaseChangeBus, topic: ChangeTopic): Promise<ChangeEvent> {
  return new Promise((resolve) => {
    const off = bus.subscribe(topic, (event) => {
      off();
      resolve(event);
    });
  });
}

/** A promise and its resolver, to hold a transaction open. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe(`the change bus (${backend})`, () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  const opened: Database[] = [];

  /** A database handle as one process opens it (PostgreSQL: a pool and a listening connection of its own). */
  async function open(): Promise<Database> {
    const database = await openDatabase({ databaseUrl: store.url, pgliteDir: "memory://" });
    opened.push(database);
    return database;
  }

  /** A process: its database handle and its bus, listening. */
  async function startProcess(): Promise<{ database: Database; bus: DatabaseChangeBus }> {
    const database = await open();
    const bus = new DatabaseChangeBus(database);
    await bus.start();
    return { database, bus };
  }

  let a: { database: Database; bus: DatabaseChangeBus };

  beforeAll(async () => {
    store = await createTestDatabase();
    const database = await open();
    await migrateDatabase(database);
    const bus = new DatabaseChangeBus(database);
    await bus.start();
    a = { database, bus };
  });
  afterAll(async () => {
    for (const d of opened) await d.close();
    await store.drop();
  });

  const counters = async (database: Database, tenantId: string): Promise<ChangeVersions> => {
    const rows = await database.db.execute(sql`select ${changeVersionsOf(sql`${tenantId}::text`)} as versions`);
    return fromJsonColumn<ChangeVersions>((rows as unknown as { rows: { versions: unknown }[] }).rows[0]!.versions);
  };

  it("delivers a change after its transaction commits, and never one whose transaction rolled back", async () => {
    const heard: ChangeEvent[] = [];
    const off = a.bus.subscribe("grids", (e) => heard.push(e));
    await expect(
      a.database.db.transaction(async (tx) => {
        await a.bus.publish(tx, "t-rollback", "grids", { n: 1 });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const next = nextEvent(a.bus, "grids");
    await a.database.db.transaction((tx) => a.bus.publish(tx, "t-rollback", "grids", { n: 2 }));
    expect(await next).toEqual({ tenantId: "t-rollback", detail: { n: 2 } });
    // Notifications arrive in commit order on one channel: a rolled-back one would have come first.
    expect(heard).toEqual([{ tenantId: "t-rollback", detail: { n: 2 } }]);
    off();
    // The counter counts what committed.
    expect(await counters(a.database, "t-rollback")).toEqual({ grids: 1 });
  });

  it.skipIf(backend === "pglite")("holds a change back while its transaction is open, even after a later one committed and was heard", async () => {
    const heard: ChangeEvent[] = [];
    const off = a.bus.subscribe("calendar", (e) => heard.push(e));
    const release = deferred();
    const published = deferred();
    const open = a.database.db.transaction(async (tx) => {
      await a.bus.publish(tx, "t-open", "calendar", { n: 1 });
      published.resolve();
      await release.promise;
    });
    await published.promise;
    const later = nextEvent(a.bus, "calendar");
    await a.database.db.transaction((tx) => a.bus.publish(tx, "t-later", "calendar", { n: 2 }));
    expect(await later).toEqual({ tenantId: "t-later", detail: { n: 2 } });
    expect(heard).toEqual([{ tenantId: "t-later", detail: { n: 2 } }]);
    const first = nextEvent(a.bus, "calendar");
    release.resolve();
    await open;
    expect(await first).toEqual({ tenantId: "t-open", detail: { n: 1 } });
    off();
  });

  it.skipIf(backend === "pglite")("reaches the subscribers of another process on the same database", async () => {
    const b = await startProcess();
    const inB = nextEvent(b.bus, "permissions");
    await a.database.db.transaction((tx) => a.bus.publish(tx, "t-other", "permissions"));
    expect(await inB).toEqual({ tenantId: "t-other", detail: null });
  });

  it("catches up from counters a query read: a change this process has not heard of is delivered once", async () => {
    // A process that has not started listening hears nothing but what a query shows it.
    const deaf = new DatabaseChangeBus(a.database);
    const heard: { topic: ChangeTopic; event: ChangeEvent }[] = [];
    for (const topic of ["grids", "calendar", "permissions"] as const) deaf.subscribe(topic, (event) => heard.push({ topic, event }));
    await a.database.db.transaction((tx) => a.bus.publish(tx, "t-catch-up", "grids"));
    await a.database.db.transaction((tx) => a.bus.publish(tx, "t-catch-up", "grids"));
    const read = await counters(a.database, "t-catch-up");
    expect(read).toEqual({ grids: 2 });
    deaf.observe("t-catch-up", read);
    expect(heard).toEqual([{ topic: "grids", event: { tenantId: "t-catch-up", detail: null } }]);
    deaf.observe("t-catch-up", read);
    expect(heard).toHaveLength(1);
    await a.database.db.transaction((tx) => a.bus.publish(tx, "t-catch-up", "permissions"));
    deaf.observe("t-catch-up", await counters(a.database, "t-catch-up"));
    expect(heard.map((h) => h.topic)).toEqual(["grids", "permissions"]);
  });

  it.skipIf(backend === "pglite")("drops every cache when its listening connection comes back after a loss, and hears changes again", async () => {
    const c = await startProcess();
    const lostAndBack = Promise.all((["grids", "calendar", "permissions"] as const).map((topic) => nextEvent(c.bus, topic)));
    // The server ends every listening connection of this database (as a restart or a network cut would).
    const ended = await c.database.query<{ ended: boolean }>(
      "select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and application_name = $1",
      [LISTENER_APPLICATION_NAME],
    );
    expect(ended.length).toBeGreaterThanOrEqual(1);
    expect(ended.every((r) => r.ended)).toBe(true);
    expect(await lostAndBack).toEqual([
      { tenantId: null, detail: null },
      { tenantId: null, detail: null },
      { tenantId: null, detail: null },
    ]);
    const again = nextEvent(c.bus, "grids");
    await a.database.db.transaction((tx) => a.bus.publish(tx, "t-back", "grids"));
    expect(await again).toEqual({ tenantId: "t-back", detail: null });
  });
});
