import type { RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { findPublishedRequests, getPublishedRequest, type PublicCase, type PublicStep } from "../../cases";
import type { TRequestsQuery } from "../open311.contract";
import { presentRequest, STATES_OF_STATUS } from "../open311.presenter";
import type { Open311Value } from "../open311.xml";

// GET requests, requests/{id} and tokens/{token}: public reads (the spec needs no key) of the
// published cases only — filed, of public channels and categories, redacted (the cases module's
// read-published rules).

/** The spec's volume limit: a query spans at most 90 days of requested_datetime… */
export const MAX_WINDOW_DAYS = 90;
/** …and returns at most 1,000 requests (per page, with the page/page_size extension). */
export const MAX_PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;

/** A W3C datetime, or a date as the start of that day in Asia/Shanghai. */
const toInstant = (s: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s);

/**
 * A window between two dates: both as given (at most `maxDays` apart), one date and `maxDays`
 * from or to it, or the `defaultDays` up to now.
 */
export function dateWindow(now: Date, start: string | undefined, end: string | undefined, maxDays = MAX_WINDOW_DAYS, defaultDays = maxDays): { from: Date; to: Date } {
  const span = maxDays * DAY_MS;
  const from = start ? toInstant(start) : undefined;
  const to = end ? toInstant(end) : undefined;
  if (from && to) {
    if (to < from) throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "querystring.end_date", message: "field.endBeforeStart" }] });
    if (to.getTime() - from.getTime() > span) {
      throw new AppError("VALIDATION_FAILED", msg(`start_date 与 end_date 相隔不能超过 ${maxDays} 天`, `start_date and end_date may be at most ${maxDays} days apart`));
    }
    return { from, to };
  }
  if (from) return { from, to: new Date(from.getTime() + span) };
  if (to) return { from: new Date(to.getTime() - span), to };
  return { from: new Date(now.getTime() - defaultDays * DAY_MS), to: now };
}

/** The requested_datetime window of GET requests (the spec's 90 days). */
export const requestWindow = (now: Date, start?: string, end?: string) => dateWindow(now, start, end);

function present(ctx: RequestContext, found: { cases: PublicCase[]; steps: Map<string, PublicStep[]> }, extensions: boolean): Open311Value {
  return found.cases.map((c) => presentRequest(c, found.steps.get(c.id) ?? [], ctx.locale, extensions));
}

/**
 * Requests newest first, at most 1,000 a page, or the ones named by id (up to 10,000 at once:
 * FixMyStreet asks for every open report in one poll; the ids are opaque, so naming many walks
 * nothing). Unknown and unpublished ids are simply absent.
 */
export async function findServiceRequests(ctx: RequestContext, query: TRequestsQuery): Promise<Open311Value> {
  const extensions = query.extensions === "true";
  if (query.service_request_id) {
    const ids = [...new Set(query.service_request_id.map((id) => id.toLowerCase()))];
    return present(ctx, await findPublishedRequests(ctx, { ids, offset: 0, limit: ids.length }, extensions), extensions);
  }
  const page = { offset: (query.page - 1) * query.page_size, limit: Math.min(query.page_size, MAX_PAGE_SIZE) };
  const window = requestWindow(ctx.clock(), query.start_date, query.end_date);
  const states = query.status ? [...new Set(query.status.flatMap((s) => STATES_OF_STATUS[s]))] : undefined;
  return present(ctx, await findPublishedRequests(ctx, { serviceCodes: query.service_code, states, ...window, ...page }, extensions), extensions);
}

/** One request, as a one-element list (the spec's shape); unknown and unpublished are the same 404. */
export async function getServiceRequest(ctx: RequestContext, id: string, extensions: boolean): Promise<Open311Value> {
  const found = await getPublishedRequest(ctx, id, extensions);
  if (!found) throw new AppError("NOT_FOUND", msg(`请求 ${id} 不存在`, `service_request_id ${id} not found`));
  return present(ctx, found, extensions);
}

/**
 * tokens/{token}: services here are realtime (POST answers with the id), so no token is ever
 * issued; a client that uses a published request's id as its token gets the pair back.
 */
export async function getToken(ctx: RequestContext, token: string): Promise<Open311Value> {
  const found = await getPublishedRequest(ctx, token, false);
  if (!found) throw new AppError("NOT_FOUND", msg(`token ${token} 不存在`, `token ${token} not found`));
  return [{ service_request_id: found.cases[0]!.id, token }];
}
