import type { TLocale } from "@caihong/contracts";
import type { Config } from "../config/env";
import type { Database, Db } from "../db/client";
import type { WorkCalendar } from "@caihong/domain";
import type { PhotoStore } from "./photos";
import type { Clock } from "./clock";
import type { PersonalData } from "./personal-data";
import type { Principal } from "./principal";
import type { SmsSender } from "./sms";

/** Point → micro grid over the tenant's current grids (built by the grids module). */
export interface PointLocator {
  /** The id of the micro grid containing a WGS84 point, or null outside every grid. */
  locate(lng: number, lat: number): Promise<string | null>;
  /** The micro grid containing a WGS84 point with its materialised path, or null outside every grid. */
  locateGrid(lng: number, lat: number): Promise<{ id: string; path: string } | null>;
  /** Drops the index after a change to grids (rebuilt on next use). */
  invalidate(): void;
}

/** The working-time calendar of the tenant (built by the cases module). */
export interface CalendarSource {
  get(): Promise<WorkCalendar>;
  /** Drops the cached calendar after an edit. */
  invalidate(): void;
}

/**
 * What account changes need from the sessions (built by the auth module): users and people end
 * sessions and drop cached principals through it, so neither depends on the auth module.
 */
export interface SessionControl {
  /** Revokes every open session of a user; call it with the transaction of the change that ends them. */
  revokeAll(tx: Db, userId: string): Promise<void>;
  /** Drops cached principals (one user's, or everyone's after a role change) so the next request reloads grants. */
  invalidate(userId?: string): void;
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
  /** Point → micro grid lookup over the tenant's current grids; call `invalidate()` after grid edits. */
  locator: PointLocator;
  /** The working-time calendar (holidays, make-up days); call `invalidate()` after edits. */
  calendar: CalendarSource;
  /** Case photos on disk (EXIF stripped, thumbnails). */
  photos: PhotoStore;
  /** Ends sessions and drops cached principals after account or role changes. */
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
