import { sql, type SQL } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import type { ChangeBus, ChangeDetail, ChangeHandler } from "./context";
import { fromJsonColumn, qualified, type ColumnRef } from "./sql-fragments";

export type { ChangeBus, ChangeDetail, ChangeEvent, ChangeHandler } from "./context";

/**
 * The topics, one per in-memory cache of database rows (docs/performance.md). A module that keeps
 * a new cache adds its topic here, subscribes the cache and publishes from every write path.
 */
export const CHANGE_TOPICS = [
  /** Micro grids' boundaries and paths: the point index (grids module, GridLocator). */
  "grids",
  /** Holidays and make-up working days: the work calendar (cases module, CalendarProvider). */
  "calendar",
  /**
   * Who holds which permission where — role permissions, role assignments, staff posts, account
   * links, account status: the grants cached per user (auth module). Its counter is the permission version.
   */
  "permissions",
  /** The problem categories (大类, 小类) with their extra fields: the category cache (cases module, CategoryCache). */
  "categories",
] as const;

/** A change topic: one per in-memory cache of database rows. */
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/** The one PostgreSQL channel every change goes out on; the payload names tenant, topic and version. */
export const CHANGE_CHANNEL = "caihong_changes";

/** The tenant's change counters by topic, as JSON (for the query that loads a session or an API key). */
export type ChangeVersions = Partial<Record<ChangeTopic, number>>;

/**
 * The tenant's change counters, `{"grids": 3, "permissions": 12}`, as a correlated subquery on
 * the outer query's tenant column: the query that loads a caller reads them at no extra round trip.
 */
export const changeVersionsOf = (tenantColumn: ColumnRef): SQL<ChangeVersions> =>
  sql`(select coalesce(jsonb_object_agg(cv.topic, cv.version), '{}'::jsonb) from change_versions cv where cv.tenant_id = ${qualified(tenantColumn)})`.mapWith(
    (v: unknown) => (v === null || v === undefined ? {} : fromJsonColumn<ChangeVersions>(v)),
  );

/**
 * Bumps the (tenant, topic) counter and queues the notification, in the caller's transaction (the
 * bus's `publish`). Code without the bus at hand — the seed, which may write into a database that
 * running servers share — calls it directly.
 */
export async function publishChange(tx: Db, tenantId: string, topic: ChangeTopic, detail?: ChangeDetail): Promise<void> {
  // One statement: bump the counter and queue the notification (sent by PostgreSQL at commit).
  await tx.execute(sql`
    with bumped as (
      insert into change_versions (tenant_id, topic, version) values (${tenantId}, ${topic}, 1)
      on conflict (tenant_id, topic) do update set version = change_versions.version + 1
      returning version)
    select pg_notify(${CHANGE_CHANNEL}, json_build_object('tenant', ${tenantId}::text, 'topic', ${topic}::text, 'version', version, 'detail', ${detail ? JSON.stringify(detail) : null}::jsonb)::text)
      from bumped`);
}

/** What the bus may say about its connection (pino's signature, so `app.log` fits). */
export interface ChangeLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

interface Notice {
  tenant: string;
  topic: ChangeTopic;
  version: number;
  detail: ChangeDetail | null;
}

const isTopic = (t: unknown): t is ChangeTopic => (CHANGE_TOPICS as readonly unknown[]).includes(t);
const keyOf = (tenantId: string, topic: ChangeTopic) => `${tenantId}\u0000${topic}`;

/**
 * The change bus over one database (ADR 0009). `publish` bumps the (tenant, topic) counter and
 * sends `pg_notify` in the caller's transaction, so nothing goes out unless the change commits,
 * and it goes out when it does. Every process listens on one channel: on PostgreSQL through one
 * dedicated connection (db/client.ts, reconnecting; after a reconnect every subscriber drops its
 * cache, as notifications may have been missed); on PGlite through its in-process LISTEN, which
 * delivers after the commit too. `observe` takes the counters a request's session query read: a
 * topic whose counter differs from what this process last heard is delivered at once, so a
 * request that follows a change sees it even before the notification arrives.
 */
export class DatabaseChangeBus implements ChangeBus {
  private readonly handlers = new Map<ChangeTopic, Set<ChangeHandler>>();
  /** The last counter heard per tenant and topic (absent: 0). */
  private heard = new Map<string, number>();
  private log: ChangeLog | undefined;

  constructor(private readonly database: Database) {}

  /** Starts listening (fails when the database cannot be reached) and reads the counters as they are. */
  async start(log?: ChangeLog): Promise<void> {
    this.log = log;
    await this.database.listen(CHANGE_CHANNEL, {
      notify: (payload) => this.onNotify(payload),
      lost: (err) => this.log?.warn({ err }, "change bus: listening connection lost; reconnecting"),
      reconnected: () => void this.onReconnected(),
    });
    this.heard = await this.readCounters();
  }

  publish(tx: Db, tenantId: string, topic: ChangeTopic, detail?: ChangeDetail): Promise<void> {
    return publishChange(tx, tenantId, topic, detail);
  }

  version(tenantId: string, topic: ChangeTopic): number {
    return this.heard.get(keyOf(tenantId, topic)) ?? 0;
  }

  subscribe(topic: ChangeTopic, handler: ChangeHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  observe(tenantId: string, versions: ChangeVersions): void {
    for (const topic of CHANGE_TOPICS) {
      const key = keyOf(tenantId, topic);
      const version = versions[topic] ?? 0;
      if ((this.heard.get(key) ?? 0) === version) continue;
      this.heard.set(key, version);
      this.deliver(topic, { tenantId, detail: null });
    }
  }

  private onNotify(payload: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload) as Notice;
    } catch {
      return;
    }
    if (typeof notice.tenant !== "string" || !isTopic(notice.topic) || typeof notice.version !== "number") return;
    this.heard.set(keyOf(notice.tenant, notice.topic), notice.version);
    this.deliver(notice.topic, { tenantId: notice.tenant, detail: notice.detail ?? null });
  }

  private async onReconnected(): Promise<void> {
    // Listening again: read the counters first, then drop everything, so a change that commits
    // after this point is either heard or seen by the next session query as a new counter.
    try {
      this.heard = await this.readCounters();
    } catch {
      this.heard = new Map();
    }
    for (const topic of CHANGE_TOPICS) this.deliver(topic, { tenantId: null, detail: null });
    this.log?.info({}, "change bus: listening again; every cache dropped");
  }

  private async readCounters(): Promise<Map<string, number>> {
    const rows = await this.database.query<{ tenant_id: string; topic: string; version: number }>("select tenant_id, topic, version from change_versions");
    return new Map(rows.filter((r) => isTopic(r.topic)).map((r) => [keyOf(r.tenant_id, r.topic as ChangeTopic), Number(r.version)]));
  }

  private deliver(topic: ChangeTopic, event: Parameters<ChangeHandler>[0]): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(event);
      } catch (err) {
        // A subscriber's failure must not stop the others from dropping their caches.
        this.log?.warn({ err, topic }, "change bus: a subscriber failed");
      }
    }
  }
}
