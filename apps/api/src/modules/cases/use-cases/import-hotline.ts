import { LIMITS, zCaseDescription } from "@caihong/contracts";
import { CATEGORY_LEVEL, toWgs84 } from "@caihong/domain";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { authorize } from "../../../lib/policy";
import { readXlsx } from "../../../lib/xlsx";
import { listCategoryRows } from "../categories.repository";
import { presentCategory } from "../cases.presenter";
import { findHotlineOrderNos } from "../cases.repository";
import { reportCase } from "./report-case";

/** Columns of a 12345 hotline export the import reads (extra columns are ignored). */
export const HOTLINE_COLUMNS = {
  orderNo: "工单编号",
  receivedAt: "受理时间",
  category: "问题分类",
  description: "诉求内容",
  address: "发生地址",
  lng: "经度",
  lat: "纬度",
  crs: "坐标系",
  name: "诉求人",
  phone: "联系电话",
  urgent: "紧急程度",
} as const;

const REQUIRED = ["orderNo", "receivedAt", "category", "description"] as const;

interface Problem {
  row: number;
  column: string | null;
  message: string;
}

/** `2021-06-01 09:30`, `2021/6/1 9:30:00`, `2021-06-01` (Asia/Shanghai) → Date, or null. */
export function parseShanghaiTime(s: string): Date | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = "9", mi = "0", se = "0"] = m;
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h - 8, +mi, +se));
  return Number.isNaN(date.getTime()) || date.getUTCMonth() !== (new Date(Date.UTC(+y!, +mo! - 1, +d!)).getUTCMonth()) ? null : date;
}

/**
 * Imports a 12345 export: every row is checked first (order number format and uniqueness in the
 * file and on record, time, category by code or name, description, coordinates inside the area,
 * phone); any problem → 422 with every bad row and column, nothing written. Otherwise each row
 * becomes a case on the hotline channel, reported at its 受理时间. Rows already imported (same
 * 工单编号) are skipped, so importing the same export twice is harmless.
 */
export async function importHotlineXlsx(ctx: ActorContext, body: Buffer, dryRun: boolean) {
  authorize(ctx.actor, "cases.dispatch");
  authorize(ctx.actor, "cases.report");
  let sheet;
  try {
    sheet = await readXlsx(body);
  } catch {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", msg("无法读取该文件，请上传 12345 导出的 .xlsx 工作簿", "Cannot read this file: upload the .xlsx exported from 12345"));
  }
  const problems: Problem[] = [];
  const missing = REQUIRED.filter((k) => !sheet.headers.includes(HOTLINE_COLUMNS[k]));
  if (missing.length) {
    for (const k of missing) problems.push({ row: 1, column: HOTLINE_COLUMNS[k], message: ctx.locale === "en" ? "Column missing" : "缺少该列" });
    throw importProblems(problems, sheet.rows.length, dryRun);
  }
  const cats = (await listCategoryRows(ctx.db, ctx.tenantId)).filter((c) => c.level === CATEGORY_LEVEL.subclass && c.active);
  const byKey = new Map<string, string>();
  for (const c of cats) {
    byKey.set(c.code, c.id);
    byKey.set(c.name, c.id);
  }
  const orderNos = sheet.rows.map((r) => r.values[HOTLINE_COLUMNS.orderNo] ?? "").filter(Boolean);
  const existing = await findHotlineOrderNos(ctx.db, ctx.tenantId, orderNos);
  const seen = new Set<string>();
  const en = ctx.locale === "en";
  const planned: { row: number; orderNo: string; input: Parameters<typeof reportCase>[1] }[] = [];
  let skipped = 0;
  for (const { row, values } of sheet.rows) {
    const v = (k: keyof typeof HOTLINE_COLUMNS) => (values[HOTLINE_COLUMNS[k]] ?? "").trim();
    const bad = (k: keyof typeof HOTLINE_COLUMNS, zh: string, enText: string) => problems.push({ row, column: HOTLINE_COLUMNS[k], message: en ? enText : zh });
    const orderNo = v("orderNo");
    if (!/^[A-Za-z0-9-]{4,40}$/.test(orderNo)) bad("orderNo", "工单编号须为 4–40 位字母、数字或连字符", "4–40 letters, digits or hyphens");
    else if (seen.has(orderNo)) bad("orderNo", "工单编号在文件中重复", "Repeated in this file");
    seen.add(orderNo);
    if (existing.has(orderNo)) {
      skipped++;
      continue;
    }
    const receivedAt = parseShanghaiTime(v("receivedAt"));
    if (!receivedAt) bad("receivedAt", "时间格式应为 2021-06-01 09:30", "Use 2021-06-01 09:30");
    else if (receivedAt > ctx.clock()) bad("receivedAt", "受理时间晚于现在", "Later than now");
    const categoryId = byKey.get(v("category"));
    if (!categoryId) bad("category", "没有该问题小类（填写编码如 0601 或名称如 共享单车乱停放）", "No such subcategory (use a code like 0601 or its name)");
    else {
      // A 12345 export carries no extra fields: a subcategory that requires one cannot be imported.
      const required = presentCategory(cats.find((c) => c.id === categoryId)!).fields.filter((f) => f.required);
      if (required.length) bad("category", `该小类须补充「${required.map((f) => f.label).join("、")}」，请在系统内逐件登记`, `This subcategory requires ${required.map((f) => f.labelEn ?? f.label).join(", ")}: enter these orders one by one`);
    }
    const description = zCaseDescription.safeParse(v("description"));
    if (!description.success) bad("description", "诉求内容为空、过长（> 4000 字）或含 HTML", "Empty, longer than 4,000 characters or contains HTML");
    const phone = v("phone");
    if (phone && !LIMITS.phone.pattern.test(phone)) bad("phone", "手机号应为 11 位", "An 11-digit mobile number");
    let location: { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" } | undefined;
    if (v("lng") || v("lat")) {
      const lng = Number(v("lng"));
      const lat = Number(v("lat"));
      const crsText = v("crs").toLowerCase() || "gcj02";
      const crs = (["wgs84", "gcj02", "bd09"] as const).find((c) => c === crsText);
      if (!Number.isFinite(lng) || !Number.isFinite(lat) || !crs) bad("lng", "经纬度或坐标系无效（坐标系：wgs84 / gcj02 / bd09）", "Invalid coordinates or CRS (wgs84 / gcj02 / bd09)");
      else {
        const [x, y] = toWgs84(lng, lat, crs);
        if (!(await ctx.locator.locate(x!, y!))) bad("lng", "该位置不在本街道范围内", "Outside the sub-district");
        else location = { lng, lat, crs };
      }
    } else bad("lng", "缺少经纬度（12345 工单须带定位）", "Coordinates missing");
    if (problems.length === 0 && receivedAt && categoryId && description.success && location && /^[A-Za-z0-9-]{4,40}$/.test(orderNo)) {
      planned.push({
        row,
        orderNo,
        input: {
          channel: "hotline",
          categoryId,
          description: description.data,
          location,
          address: v("address") || undefined,
          priority: /紧急|urgent/i.test(v("urgent")) ? "urgent" : "normal",
          photoIds: [],
          anonymous: false,
          reporter: v("name") || phone ? { name: v("name") || undefined, phone: phone || undefined } : undefined,
          hotlineOrderNo: orderNo,
          reportedAt: receivedAt.toISOString(),
        },
      });
    }
  }
  if (problems.length) throw importProblems(problems, sheet.rows.length, dryRun);
  const created: { row: number; number: string | null; hotlineOrderNo: string }[] = [];
  if (!dryRun) {
    // One case per row through the same intake as the form (located, numbered, audited).
    for (const p of planned) {
      const c = await reportCase(ctx, p.input, `hotline:${p.orderNo}`);
      created.push({ row: p.row, number: c.number, hotlineOrderNo: p.orderNo });
    }
  }
  return {
    dryRun,
    created: dryRun ? 0 : created.length,
    skipped,
    rows: sheet.rows.length,
    problems: [],
    cases: dryRun ? planned.map((p) => ({ row: p.row, number: null, hotlineOrderNo: p.orderNo })) : created,
  };
}

function importProblems(problems: Problem[], rows: number, dryRun: boolean) {
  return new AppError("UNPROCESSABLE", msg(`有 ${problems.length} 处问题，未导入任何工单`, `${problems.length} problems: nothing was imported`), {
    extensions: { dryRun, created: 0, skipped: 0, rows, problems, cases: [] },
  });
}
