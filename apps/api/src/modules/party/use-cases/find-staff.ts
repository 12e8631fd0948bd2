import { STAFF_POST_LABELS, type TStaffPost, type ZFindStaffQuery } from "@caihong/contracts";
import type { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { decodeCursor, toPage } from "../../../lib/pagination";
import { authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { writeXlsx } from "../../../lib/xlsx";
import { presentAssignment } from "../people.presenter";
import { findAssignments } from "../people.repository";

async function staffFilter(ctx: ActorContext, query: { gridId?: string; post?: TStaffPost; includeEnded?: boolean }) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  return { gridPath, post: query.post, includeEnded: query.includeEnded };
}

/** Staff posts on grids in the caller's people.read scope, in grid-code order. */
export async function findStaff(ctx: ActorContext, query: z.infer<typeof ZFindStaffQuery>) {
  const scope = authorize(ctx.actor, "people.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await findAssignments(ctx.db, ctx.actor.tenantId, scope, {
    ...(await staffFilter(ctx, query)),
    after: after ? { code: after[0]!, id: after[1]! } : undefined,
    limit: query.limit,
  });
  return toPage(rows, query.limit, presentAssignment, (r) => [r.gridCode, r.id]);
}

/** Staff posts matching the filters as .xlsx. */
export async function exportStaff(ctx: ActorContext, query: Omit<z.infer<typeof ZFindStaffQuery>, "cursor" | "limit">): Promise<Buffer> {
  const scope = authorize(ctx.actor, "people.read");
  const rows = await findAssignments(ctx.db, ctx.actor.tenantId, scope, await staffFilter(ctx, query));
  const en = ctx.locale === "en";
  return writeXlsx(
    en ? "Grid staff" : "网格工作人员",
    [
      { header: en ? "Grid code" : "网格编码", width: 22, value: (a) => a.gridCode },
      { header: en ? "Grid" : "网格", width: 24, value: (a) => a.gridName },
      { header: en ? "Post" : "岗位", value: (a) => STAFF_POST_LABELS[a.post][ctx.locale] },
      { header: en ? "Name" : "姓名", value: (a) => a.personName },
      { header: en ? "From" : "开始日期", width: 12, value: (a) => a.fromDate },
      { header: en ? "To" : "结束日期", width: 12, value: (a) => a.toDate },
      { header: en ? "Grants access" : "授予账号权限", value: (a) => (a.grantsAccess ? (en ? "yes" : "是") : "") },
    ],
    rows.map(presentAssignment),
  );
}
