import type { Db } from "../../../db/client";
import type { ActorContext, RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { enforce } from "../../../lib/limits";
import { authorize } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { canSee } from "../cases.policy";
import { addPhotoCount, findCaseById, isTrackedCase } from "../cases.repository";
import { attachPhotos as attachRows, deleteUnattachedPhotos, findPhoto, insertPhoto } from "../photos.repository";

/** Per-address limit of anonymous photo uploads (the public page has no account to throttle), in the one limiter (ADR 0014). */
const PUBLIC_UPLOADS = { bucket: "case.photo.address", limit: 60, windowSeconds: 3600 };

async function store(ctx: RequestContext, uploadedBy: string | null, body: Buffer) {
  const stored = await ctx.photos.ingest(body);
  const row = await insertPhoto(ctx.db, ctx.tenantId, { storageKey: stored.key, thumbKey: stored.thumbKey, mime: stored.mime, width: stored.width, height: stored.height, bytes: stored.bytes, sha256: stored.sha256, uploadedBy, createdAt: ctx.clock() });
  const url = `/api/v1/case-photos/${row.id}`;
  return { id: row.id, url, thumbUrl: `${url}?thumb=true`, width: stored.width, height: stored.height, mime: stored.mime, bytes: stored.bytes };
}

/** A photo uploaded by a signed-in reporter or handler, to attach to a report or a step. */
export async function uploadPhoto(ctx: ActorContext, body: Buffer) {
  if (!ctx.actor.permissions.has("cases.report") && !ctx.actor.permissions.has("cases.handle")) authorize(ctx.actor, "cases.report");
  return store(ctx, ctx.actor.userId, body);
}

/** A photo from the public page (no account, so no authorization): throttled per address. */
export async function uploadPublicPhoto(ctx: RequestContext, body: Buffer) {
  await enforce(ctx.db, ctx.tenantId, PUBLIC_UPLOADS, ctx.pd.hash("address", ctx.ip), ctx.clock(), (s) =>
    msg(`上传过于频繁，请 ${Math.ceil(s / 60)} 分钟后再试`, `Too many uploads: try again in ${Math.ceil(s / 60)} min`),
  );
  return store(ctx, null, body);
}

/**
 * Attaches uploaded photos to a case inside its transaction (the caller's own unattached
 * uploads, or the public page's for a public report); 422 naming `body.photoIds` when one is
 * missing, used or someone else's.
 */
export async function attachPhotos(tx: Db, tenantId: string, caseId: string, photoIds: string[], uploader: string | null, kind: "report" | "evidence"): Promise<number> {
  if (photoIds.length === 0) return 0;
  const ids = [...new Set(photoIds)];
  const attached = await attachRows(tx, tenantId, caseId, ids, uploader, kind);
  if (attached.length !== ids.length) {
    throw new AppError("UNPROCESSABLE", msg("有照片不存在或已被使用，请重新上传", "A photo does not exist or is already used: upload it again"), { errors: [{ path: "body.photoIds", message: "photo.unavailable" }] });
  }
  await addPhotoCount(tx, tenantId, caseId, ids.length);
  return ids.length;
}

async function photoRow(ctx: RequestContext, id: string) {
  const row = await findPhoto(ctx.db, ctx.tenantId, id);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** A photo's bytes for a caller who may see its case (or who uploaded it and has not used it yet). */
export async function readPhoto(ctx: ActorContext, id: string, thumb: boolean) {
  const row = await photoRow(ctx, id);
  if (row.caseId) {
    const c = await findCaseById(ctx.db, ctx.tenantId, row.caseId);
    if (!c || !canSee(ctx.actor, c)) throw new AppError("NOT_FOUND");
  } else if (row.uploadedBy !== ctx.actor.userId) {
    throw new AppError("NOT_FOUND");
  }
  return { body: await ctx.photos.read(thumb ? row.thumbKey : row.storageKey), mime: thumb ? "image/webp" : row.mime };
}

/** A photo of a case for whoever holds its number and tracking code (checked by the caller: `trackingHash`). */
export async function readPublicPhoto(ctx: RequestContext, id: string, thumb: boolean, number: string, trackingHash: string) {
  const row = await photoRow(ctx, id);
  if (!row.caseId || !(await isTrackedCase(ctx.db, ctx.tenantId, row.caseId, number, trackingHash))) throw new AppError("NOT_FOUND");
  return { body: await ctx.photos.read(thumb ? row.thumbKey : row.storageKey), mime: thumb ? "image/webp" : row.mime };
}

/** Removes photos uploaded but never attached after a day (the clock's job; audited as the system). */
export async function sweepUnattachedPhotos(ctx: RequestContext, now: Date) {
  const stale = await deleteUnattachedPhotos(ctx.db, ctx.tenantId, new Date(now.getTime() - 86_400_000));
  for (const p of stale) {
    await ctx.photos.remove(p.storageKey);
    await ctx.photos.remove(p.thumbKey);
  }
  if (stale.length) await recordAudit(ctx.db, ctx, { action: "case_photo.sweep", entityType: "case_photo", entityId: null, after: { removed: stale.length } });
  return stale.length;
}
