import type { TLocale } from "@caihong/contracts";
import type { Config } from "../config/env";
import type { Database, Db } from "../db/client";
import type { CalendarProvider } from "../modules/cases/cases.calendar";
import type { GridLocator } from "../modules/grids/grids.locator";
import type { PhotoStore } from "./photos";
import type { Clock } from "./clock";
import type { PersonalData } from "./personal-data";
import type { Principal } from "./principal";
import type { SmsSender } from "./sms";

/** Long-lived dependencies built once per app. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  pd: PersonalData;
  clock: Clock;
  sms: SmsSender;
  tenantId: string;
  /** Point → micro grid lookup over the tenant's current grids; call `invalidate()` after grid edits. */
  locator: GridLocator;
  /** The working-time calendar (holidays, make-up days); call `invalidate()` after edits. */
  calendar: CalendarProvider;
  /** Case photos on disk (EXIF stripped, thumbnails). */
  photos: PhotoStore;
  /** Drops cached principals after role or account changes. */
  invalidatePrincipals(userId?: string): void;
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
