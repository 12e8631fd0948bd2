import type { ActorContext, RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { authorize } from "../../../lib/policy";
import type { Principal } from "../../../lib/principal";
import { addClientUpdate, findPublishedUpdates } from "../../cases";
import type { TPostUpdateForm, TUpdatesQuery } from "../open311.contract";
import { presentUpdate } from "../open311.presenter";
import type { Open311Value } from "../open311.xml";
import { MAX_PAGE_SIZE, dateWindow } from "./read-requests";
import { fetchMedia, storePhotos } from "./report-request";

// The servicerequestupdates extension FixMyStreet and other clients use
// (https://www.mysociety.org/2013/02/20/open311-extended/): GET lists what changed, POST brings a
// citizen's update when the deployment allows it (CAIHONG_OPEN311_UPDATES_POST).

/** Without dates, the feed covers the last 24 hours (FixMyStreet's nightly catch-up). */
export const DEFAULT_UPDATES_DAYS = 1;

/**
 * Steps in the window, oldest first, as request_update records: every step of a published
 * request but internal remarks and supervision, with its public note; with a key (`caller`),
 * also the steps of the key's own submissions that are not published, status only.
 * No authorization beyond the optional key: the feed shows what GET requests shows.
 */
export async function findUpdates(ctx: RequestContext, query: TUpdatesQuery, caller: Principal | null): Promise<Open311Value> {
  const window = dateWindow(ctx.clock(), query.start_date, query.end_date, 90, DEFAULT_UPDATES_DAYS);
  const page = { offset: (query.page - 1) * query.page_size, limit: Math.min(query.page_size, MAX_PAGE_SIZE) };
  const updates = await findPublishedUpdates(ctx, { ...window, ...page, apiKeyId: caller?.apiKeyId ?? undefined });
  return updates.map((u) => presentUpdate(u, ctx.locale));
}

/**
 * A citizen's update from a client, kept as an internal remark (comment) on the request: its text,
 * the status the citizen gave (recorded, never applied: staff decide), the client's update id and
 * its photo. The person's name, e-mail and phone are not kept. A repeat of the same client update
 * id answers the first update's id. 404 when the deployment does not take updates.
 */
export async function postUpdate(ctx: ActorContext, form: TPostUpdateForm): Promise<Open311Value> {
  if (!ctx.config.open311.updatesPost) throw new AppError("NOT_FOUND", msg("本服务器不接收 servicerequestupdates 提交", "This server does not take servicerequestupdates posts"));
  authorize(ctx.actor, "cases.report");
  const photos = form.media_url ? [{ path: "body.media_url", bytes: await fetchMedia(ctx, form.media_url) }] : [];
  const photoIds = await storePhotos(ctx, photos);
  const id = await addClientUpdate(ctx, {
    caseId: form.service_request_id.trim().toLowerCase(),
    clientUpdateId: form.update_id ?? form.update_id_ext ?? null,
    status: form.status ?? null,
    text: form.description,
    at: form.updated_datetime ? new Date(form.updated_datetime) : null,
    photoIds,
  });
  return [{ update_id: id }];
}
