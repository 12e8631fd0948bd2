import type { TLocale, TPermission } from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import type { Db } from "../../db/client";
import { recordAudit, type AuditEvent } from "../audit";
import type { Clock } from "../../lib/clock";
import type { ActorContext, PointLocator } from "../../lib/context";
import type { PersonalData } from "../../lib/personal-data";
import { authorize } from "../../lib/policy";


/**
 * What the grid use cases shared by the API and the CLI need: the database, the caller's data
 * scope for the permission at hand, and how their changes are audited (the API records the
 * signed-in user, the CLI records `cli`).
 */
export interface GridsContext {
  db: Db;
  tenantId: string;
  locale: TLocale;
  clock: Clock;
  pd: PersonalData;
  /** Data scope of the permission the use case needs. */
  scope: DataScope;
  /** Writes one audit entry inside the transaction of the change. */
  audit(tx: Db, event: AuditEvent): Promise<void>;
  /** This process's point index, invalidated after every change to grids (null: none to keep fresh). */
  locator: PointLocator | null;
}

/** The grids context of an API request: authorizes `permission` first (FORBIDDEN without it). */
export function gridsContext(ctx: ActorContext, permission: TPermission): GridsContext {
  const scope = authorize(ctx.actor, permission);
  return {
    db: ctx.db,
    tenantId: ctx.actor.tenantId,
    locale: ctx.locale,
    clock: ctx.clock,
    pd: ctx.pd,
    scope,
    audit: (tx, event) => recordAudit(tx, ctx, event),
    locator: ctx.locator,
  };
}
