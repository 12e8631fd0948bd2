import type { TLocale } from "@caihong/contracts";
import type { Config } from "../config/env";
import type { Database, Db, Schema } from "../db/client";
import type { WorkCalendar } from "@caihong/domain";
import type { ChangeTopic } from "./changes";
import type { PhotoStore } from "./photos";
import type { Clock } from "./clock";
import type { PersonalData } from "./personal-data";
import type { Principal } from "./principal";
import type { SmsSender } from "./sms";

/** Small facts a publisher may add to a change (ids); subscribers must not need them to be correct. */
export type ChangeDetail = Record<string, string | number | null>;

/** A change a cache hears of: after its transaction committed, in this process or another. */
export interface ChangeEvent {
  /** The tenant whose rows changed; null: any tenant's may have (notifications were missed). */
  tenantId: string | null;
  /** What the publisher added; null when the change was noticed from its counter alone. */
  detail: ChangeDetail | null;
}

/** Called once per change of the topic; drops the cache (and must not throw or wait). */
export type ChangeHandler = (event: ChangeEvent) => void;

/**
 * Cache invalidation across processes (ADR 0009, docs/performance.md): LISTEN/NOTIFY on
 * PostgreSQL, PGlite's in-process notifications on the embedded database.
 */
export interface ChangeBus {
  /**
   * Announces a change in the transaction that makes it: its topic's counter is bumped and every
   * process's subscribers hear of it after the commit (never when it rolls back). Call it as the
   * transaction's last statement: the counter row stays locked until the commit.
   */
  publish(tx: Db, tenantId: string, topic: ChangeTopic, detail?: ChangeDetail): Promise<void>;
  /** Calls `handler` for each change of `topic` (and when notifications may have been missed); returns the unsubscribe. */
  subscribe(topic: ChangeTopic, handler: ChangeHandler): () => void;
  /**
   * Catches up from counters a query read anyway (the session's): a topic whose counter differs
   * from what this process last heard is delivered now, before its notification arrives.
   */
  observe(tenantId: string, versions: Partial<Record<ChangeTopic, number>>): void;
  /**
   * The topic's counter as this process last heard it (0: never changed). A cache built under it
   * can let a write check, in its statement, that the rows it was built from are still current.
   */
  version(tenantId: string, topic: ChangeTopic): number;
}

/** Point → micro grid over the tenant's current grids (built by the grids module). */
export interface PointLocator {
  /** The id of the micro grid containing a WGS84 point, or null outside every grid. */
  locate(lng: number, lat: number): Promise<string | null>;
  /** The micro grid containing a WGS84 point with its materialised path, or null outside every grid. */
  locateGrid(lng: number, lat: number): Promise<{ id: string; path: string } | null>;
  /** The micro grid's id (or null) with the grids counter the index was built under (see GridLocator). */
  locateVersioned(lng: number, lat: number, atLeast?: number): Promise<{ gridId: string | null; version: number }>;
  /** Announces, in the transaction that changes grids, that every process's index must be rebuilt after the commit. */
  changed(tx: Db): Promise<void>;
}

/** The tenant's problem categories by id (built by the cases module). */
export interface CategorySource {
  /** The category with this id, or undefined when the tenant has none such. */
  get(id: string): Promise<CategoryRecord | undefined>;
  /** Announces, in the transaction of a category edit, that every process must reload the categories after the commit. */
  changed(tx: Db): Promise<void>;
}

/** A category row as the cache holds it (the cases module's `CategoryRow`). */
export type CategoryRecord = Schema["caseCategories"]["$inferSelect"];

/** The working-time calendar of the tenant (built by the cases module). */
export interface CalendarSource {
  get(): Promise<WorkCalendar>;
  /** Announces, in the transaction of a calendar edit, that every process's calendar must be reloaded after the commit. */
  changed(tx: Db): Promise<void>;
}

/**
 * What account changes need from the sessions (built by the auth module): users, roles and people
 * end sessions and announce grant changes through it, so none of them depends on the auth module.
 */
export interface SessionControl {
  /** Revokes every open session of a user; call it with the transaction of the change that ends them. */
  revokeAll(tx: Db, userId: string): Promise<void>;
  /**
   * Bumps the tenant's permission version in the transaction of a change to roles, role
   * assignments, staff posts, account links or account status: the very next request of any
   * affected user, in any process, is judged with the new grants.
   */
  permissionsChanged(tx: Db): Promise<void>;
}

/** Long-lived dependencies built once per app by the composition root (app.ts). */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  pd: PersonalData;
  clock: Clock;
  sms: SmsSender;
  tenantId: string;
  /** Cache invalidation across processes: every in-memory cache subscribes, every write path publishes. */
  changes: ChangeBus;
  /** Point → micro grid lookup over the tenant's current grids; call `changed(tx)` in grid edits. */
  locator: PointLocator;
  /** The working-time calendar (holidays, make-up days); call `changed(tx)` in edits. */
  calendar: CalendarSource;
  /** The problem categories in memory (intake checks and labels); call `changed(tx)` in edits. */
  categories: CategorySource;
  /** Case photos on disk (EXIF stripped, thumbnails). */
  photos: PhotoStore;
  /** Ends sessions and bumps the permission version after account or role changes. */
  sessions: SessionControl;
}

/** What one request hands to a use case: dependencies, the caller and request facts. */
export interface RequestContext extends Deps {
  requestId: string;
  ip: string;
  locale: TLocale;
  userAgent: string | null;
}

/** A request context with a known caller. */
export interface ActorContext extends RequestContext {
  actor: Principal;
}
