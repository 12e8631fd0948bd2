import { normalizePhone, zCaseDescription, type TLocale } from "@caihong/contracts";
import { CATEGORY_LEVEL, toWgs84 } from "@caihong/domain";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { importRejected, runImport, UNCHANGED, xlsxSource, type ImportDefinition, type ImportProblems, type XlsxRow } from "../../../lib/import";
import { authorize } from "../../../lib/policy";
import { listCategoryRows, type CategoryRow } from "../categories.repository";
import { presentCategory } from "../cases.presenter";
import { findHotlineOrderNos } from "../cases.repository";
import { addRollupDeltas, type RollupDelta } from "../rollups.repository";
import { writeReport, type IntakeSpec } from "./report-case";

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

type Field = keyof typeof HOTLINE_COLUMNS;
const REQUIRED: readonly Field[] = ["orderNo", "receivedAt", "category", "description"];
const ORDER_NO = /^[A-Za-z0-9-]{4,40}$/;

/** `2021-06-01 09:30`, `2021/6/1 9:30:00`, `2021-06-01` (Asia/Shanghai) → Date, or null. */
export function parseShanghaiTime(s: string): Date | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = "9", mi = "0", se = "0"] = m;
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h - 8, +mi, +se));
  return Number.isNaN(date.getTime()) || date.getUTCMonth() !== new Date(Date.UTC(+y!, +mo! - 1, +d!)).getUTCMonth() ? null : date;
}

/** A row that passed its own checks. */
interface HotlineRow {
  orderNo: string;
  receivedAt: Date;
  category: CategoryRow;
  description: string;
  address?: string;
  location: { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" };
  reporter?: { name?: string; phone?: string };
  priority: "normal" | "urgent";
}

/** What the write does with a row: create its case, or nothing (the order is on record already). */
interface HotlineChange {
  action: "insert" | typeof UNCHANGED;
  row: number;
  value: HotlineRow;
  /** The micro grid the point falls in (located before the transaction). */
  gridId: string | null;
  wgs84: [number, number];
  /** The case number given on write. */
  number: string | null;
}

const columns = Object.fromEntries(
  (Object.keys(HOTLINE_COLUMNS) as Field[]).map((f) => [f, { headers: [HOTLINE_COLUMNS[f]], label: { "zh-CN": HOTLINE_COLUMNS[f], en: HOTLINE_COLUMNS[f] }, required: REQUIRED.includes(f) }]),
) as Record<Field, { headers: string[]; label: Record<TLocale, string>; required: boolean }>;

/** The 12345 import as the import engine runs it: one case per new 工单编号, all in one transaction. */
function hotlineImport(ctx: ActorContext, categories: Map<string, CategoryRow>): ImportDefinition<XlsxRow<Field>, HotlineRow, Set<string>, HotlineChange> {
  const en = ctx.locale === "en";
  return {
    source: xlsxSource(columns, {
      unreadable: () => new AppError("UNSUPPORTED_MEDIA_TYPE", msg("无法读取该文件，请上传 12345 导出的 .xlsx 工作簿", "Cannot read this file: upload the .xlsx exported from 12345")),
    }),
    key: (raw) => raw.cells.orderNo || null,
    keyColumn: () => HOTLINE_COLUMNS.orderNo,
    parse(raw, row, _key, problems: ImportProblems) {
      const v = (f: Field) => raw.cells[f] ?? "";
      const before = problems.count;
      const bad = (f: Field, zh: string, enText: string) => problems.add({ row, column: HOTLINE_COLUMNS[f], code: "invalid_value", message: en ? enText : zh });
      const orderNo = v("orderNo");
      if (!ORDER_NO.test(orderNo)) bad("orderNo", "工单编号须为 4–40 位字母、数字或连字符", "4–40 letters, digits or hyphens");
      const receivedAt = parseShanghaiTime(v("receivedAt"));
      if (!receivedAt) bad("receivedAt", "时间格式应为 2021-06-01 09:30", "Use 2021-06-01 09:30");
      else if (receivedAt > ctx.clock()) bad("receivedAt", "受理时间晚于现在", "Later than now");
      const category = categories.get(v("category"));
      if (!category) bad("category", "没有该问题小类（填写编码如 0601 或名称如 共享单车乱停放）", "No such subcategory (use a code like 0601 or its name)");
      else {
        // A 12345 export carries no extra fields: a subcategory that requires one cannot be imported.
        const required = presentCategory(category).fields.filter((f) => f.required);
        if (required.length) bad("category", `该小类须补充「${required.map((f) => f.label).join("、")}」，请在系统内逐件登记`, `This subcategory requires ${required.map((f) => f.labelEn ?? f.label).join(", ")}: enter these orders one by one`);
      }
      const description = zCaseDescription.safeParse(v("description"));
      if (!description.success) bad("description", "诉求内容为空、过长（> 4000 字）或含 HTML", "Empty, longer than 4,000 characters or contains HTML");
      // Callers ring from landlines too: any dialable number, stored canonical (one normaliser for every phone input).
      const typedPhone = v("phone");
      const phone = typedPhone ? normalizePhone(typedPhone) : null;
      if (typedPhone && !phone) bad("phone", "电话号码无效（手机号、带区号的座机或带国家代码的号码）", "Not a phone number (a mobile, a landline with its area code, or a number with its country code)");
      let location: HotlineRow["location"] | undefined;
      if (v("lng") || v("lat")) {
        const lng = Number(v("lng"));
        const lat = Number(v("lat"));
        const crs = (["wgs84", "gcj02", "bd09"] as const).find((c) => c === (v("crs").toLowerCase() || "gcj02"));
        if (!Number.isFinite(lng) || !Number.isFinite(lat) || !crs || Math.abs(lng) > 180 || Math.abs(lat) > 90) bad("lng", "经纬度或坐标系无效（坐标系：wgs84 / gcj02 / bd09）", "Invalid coordinates or CRS (wgs84 / gcj02 / bd09)");
        else location = { lng, lat, crs };
      } else bad("lng", "缺少经纬度（12345 工单须带定位）", "Coordinates missing");
      if (problems.count > before) return null;
      const name = v("name");
      return {
        orderNo,
        receivedAt: receivedAt!,
        category: category!,
        description: description.data!,
        address: v("address") || undefined,
        location: location!,
        reporter: name || phone ? { name: name || undefined, phone: phone || undefined } : undefined,
        priority: /紧急|urgent/i.test(v("urgent")) ? "urgent" : "normal",
      };
    },
    load: (rows) => findHotlineOrderNos(ctx.db, ctx.tenantId, rows.map((r) => r.key!)),
    async plan(rows, existing, problems) {
      const changes: HotlineChange[] = [];
      for (const { row, value } of rows) {
        const wgs84 = toWgs84(value.location.lng, value.location.lat, value.location.crs) as [number, number];
        if (existing.has(value.orderNo)) {
          changes.push({ action: UNCHANGED, row, value, gridId: null, wgs84, number: null });
          continue;
        }
        // Located before the transaction: the locator reads through the shared handle.
        const gridId = await ctx.locator.locate(wgs84[0], wgs84[1]);
        if (!gridId) problems.add({ row, column: HOTLINE_COLUMNS.lng, code: "outside_area", message: en ? "Outside the sub-district" : "该位置不在本街道范围内" });
        else changes.push({ action: "insert", row, value, gridId, wgs84, number: null });
      }
      return changes;
    },
    async write(tx, changes, { wrote }) {
      // The evaluation rollups' deltas of every new case, written once at the end (rows in key order).
      const rollups: RollupDelta[] = [];
      for (const c of changes) {
        const v = c.value;
        const spec: IntakeSpec = {
          channel: "hotline",
          categoryId: v.category.id,
          description: v.description,
          address: v.address,
          priority: v.priority,
          photoIds: [],
          anonymous: false,
          reporterUserId: null,
          reporterName: v.reporter?.name,
          reporterPhone: v.reporter?.phone,
          hotlineOrderNo: v.orderNo,
          reportedAt: v.receivedAt,
          withTrackingCode: true,
        };
        // Located before the transaction: no counter check (gridsVersion null), as the whole import is one change.
        const written = await writeReport(ctx, ctx.actor, v.category, spec, { lng: c.wgs84[0], lat: c.wgs84[1], gridId: c.gridId, gridsVersion: null }, { tx, rollups });
        if (!("number" in written)) throw new Error("unreachable: an import does not check the grids counter");
        c.number = written.number;
        wrote();
      }
      await addRollupDeltas(tx, ctx.tenantId, rollups);
    },
    reject: (problems, { rows, dryRun }) =>
      importRejected(problems, { rows, present: (p) => ({ row: p.row, column: p.column, message: p.message }), extensions: { dryRun, created: 0, skipped: 0, cases: [] } }),
  };
}

/**
 * Imports a 12345 export (cases.dispatch and cases.report): every row is checked first (order
 * number format and uniqueness in the file, time, category by code or name, description,
 * coordinates inside the area, phone); any problem → 422 with every bad row and column, nothing
 * written. Otherwise every new row becomes a case on the hotline channel, reported at its 受理时间,
 * all in one transaction. Rows already imported (same 工单编号) are skipped, so importing the same
 * export twice changes nothing.
 */
export async function importHotlineXlsx(ctx: ActorContext, body: Buffer, dryRun: boolean) {
  authorize(ctx.actor, "cases.dispatch");
  authorize(ctx.actor, "cases.report");
  const categories = new Map<string, CategoryRow>();
  for (const c of await listCategoryRows(ctx.db, ctx.tenantId)) {
    if (c.level !== CATEGORY_LEVEL.subclass || !c.active) continue;
    categories.set(c.code, c);
    categories.set(c.name, c);
  }
  const outcome = await runImport(hotlineImport(ctx, categories), body, { db: ctx.db, locale: ctx.locale, dryRun });
  const inserted = outcome.changes.filter((c) => c.action === "insert");
  return {
    dryRun,
    created: outcome.written ? inserted.length : 0,
    skipped: outcome.counts[UNCHANGED] ?? 0,
    rows: outcome.rows,
    problems: [],
    cases: inserted.map((c) => ({ row: c.row, number: c.number, hotlineOrderNo: c.value.orderNo })),
  };
}
