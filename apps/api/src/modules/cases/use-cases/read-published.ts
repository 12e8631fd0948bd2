import { coarsenCoordinate, publicAddress, redactOptional, redactPersonalData } from "@caihong/domain";
import type { RequestContext } from "../../../lib/context";
import type { PersonalData } from "../../../lib/personal-data";
import { findPublicEvents, findPublicUpdates, findPublishedCase, findPublishedCases, type PublishedCaseRow, type PublishedFilter, type UpdatesFilter } from "../published.repository";

// The published face of cases (ADR 0010). No authorization: these are the public reads (Open311
// GET requests and servicerequestupdates). Everything that leaves here has passed the rules:
// only filed cases of public channels and categories (published.repository), text redacted by the
// one engine (redactPersonalData, with the reporter's own names), points on the 0.001° grid,
// addresses cut to the road, and a step's note only when staff marked it public.

/** A published case: public facts only, already redacted and coarsened. */
export interface PublicCase {
  /** The public id (the case's UUID): not a sequence, so no one walks the numbers. */
  id: string;
  state: string;
  channel: string;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  reportedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  voidedAt: Date | null;
  handleDueAt: Date | null;
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string | null;
  gridName: string | null;
  unitName: string | null;
  /** Public id of the case it was merged into, when that one is published too. */
  mergedIntoId: string | null;
}

/** A step as the public sees it: what happened and when, and the note only if staff made it public. */
export interface PublicStep {
  id: string;
  caseId: string;
  action: string;
  toState: string;
  at: Date;
  note: string | null;
}

/** The note rule shared by Open311 and the tracking page: public only when marked so, then redacted. */
export function publicNoteOf(step: { note: string | null; reason: string | null; isPublic: boolean }, names: readonly (string | null)[] = []): string | null {
  if (!step.isPublic) return null;
  return redactOptional(step.note ?? step.reason, { names });
}

/** Names whose occurrences are masked in a case's public text: its reporter's, as given and as an account. */
export function reporterNames(pd: PersonalData, row: { reporterNameEnc: string | null; reporterUserName: string | null }): string[] {
  const names: string[] = [];
  if (row.reporterNameEnc) names.push(pd.decrypt(row.reporterNameEnc));
  if (row.reporterUserName) names.push(row.reporterUserName);
  return names;
}

function toPublicCase(pd: PersonalData, row: PublishedCaseRow): PublicCase {
  const names = reporterNames(pd, row);
  return {
    id: row.id,
    state: row.state,
    channel: row.channel,
    description: redactPersonalData(row.description, { names }),
    address: publicAddress(row.address, { names }),
    lng: coarsenCoordinate(row.lng),
    lat: coarsenCoordinate(row.lat),
    reportedAt: row.reportedAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
    voidedAt: row.voidedAt,
    handleDueAt: row.handleDueAt,
    categoryCode: row.categoryCode,
    categoryName: row.categoryName,
    categoryNameEn: row.categoryNameEn,
    gridName: row.gridName,
    unitName: row.unitName,
    mergedIntoId: row.mergedIntoId,
  };
}

/** Published cases (newest first, or by public id) and, with `withSteps`, their public steps. */
export async function findPublishedRequests(ctx: RequestContext, filter: PublishedFilter, withSteps: boolean): Promise<{ cases: PublicCase[]; steps: Map<string, PublicStep[]> }> {
  const rows = await findPublishedCases(ctx.db, ctx.tenantId, filter);
  return withPublicSteps(ctx, rows, withSteps);
}

/** One published case by public id, or null (unknown and unpublished are the same to the public). */
export async function getPublishedRequest(ctx: RequestContext, id: string, withSteps: boolean): Promise<{ cases: PublicCase[]; steps: Map<string, PublicStep[]> } | null> {
  const row = await findPublishedCase(ctx.db, ctx.tenantId, id.trim().toLowerCase());
  return row ? withPublicSteps(ctx, [row], withSteps) : null;
}

async function withPublicSteps(ctx: RequestContext, rows: PublishedCaseRow[], withSteps: boolean) {
  const steps = new Map<string, PublicStep[]>();
  if (withSteps && rows.length) {
    const namesOf = new Map(rows.map((r) => [r.id, reporterNames(ctx.pd, r)]));
    for (const e of await findPublicEvents(ctx.db, ctx.tenantId, rows.map((r) => r.id))) {
      const step = { id: e.id, caseId: e.caseId, action: e.action, toState: e.toState, at: e.at, note: publicNoteOf(e, namesOf.get(e.caseId)) };
      steps.set(e.caseId, [...(steps.get(e.caseId) ?? []), step]);
    }
  }
  return { cases: rows.map((r) => toPublicCase(ctx.pd, r)), steps };
}

/** A step in the updates feed: a public step, and whether its case is published (else it is the key's own submission). */
export interface PublicUpdate extends PublicStep {
  published: boolean;
}

/** Steps in a window, oldest first: on published cases, and on the given key's own submissions. */
export async function findPublishedUpdates(ctx: RequestContext, filter: UpdatesFilter): Promise<PublicUpdate[]> {
  const rows = await findPublicUpdates(ctx.db, ctx.tenantId, filter);
  return rows.map((e) => ({
    id: e.id,
    caseId: e.caseId,
    action: e.action,
    toState: e.toState,
    at: e.at,
    // A submission that is not published shows its status only: its text may not be public yet.
    note: e.published ? publicNoteOf(e, reporterNames(ctx.pd, e)) : null,
    published: e.published,
  }));
}
