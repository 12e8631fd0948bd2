import type { TCategoryField, TUnitKind } from "@caihong/contracts";
import type { TimeLimit } from "@caihong/domain";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { publishChange } from "../lib/changes";
import { auditLog } from "../modules/audit/audit.table";
import { caseCategories } from "../modules/cases/cases.table";

/**
 * The category dictionary every tenant starts with: the national event classes of digital urban
 * management (CJ/T 214 / GB/T 30428.2: 01 市容环境 … 05 街面秩序, codes 大类 + 小类) with their
 * common 小类, and 06 社区治理 for what residents of Xinhong report (shared bikes, noise, 群租,
 * apartment services). Time limits follow published local 立案结案标准 tables (e.g. 暴露垃圾 4
 * 工作时, 道路保洁 2 工作时, 绿地 5 工作日) and the Shanghai 12345 rules (一般求助/投诉 5 工作日).
 * Admins edit all of it afterwards.
 */
export interface SeedCategory {
  code: string;
  name: string;
  nameEn: string;
  filing?: string;
  closing?: string;
  /** The standards in English (what the English interface shows). */
  filingEn?: string;
  closingEn?: string;
  ack?: TimeLimit;
  handle?: TimeLimit;
  close?: TimeLimit;
  unit?: TUnitKind;
  radius?: number;
  fields?: TCategoryField[];
  keywords?: string[];
  /** Reported, never published: the report points at a household (docs/cases.md, "In public"). */
  private?: boolean;
}

const h = (value: number): TimeLimit => ({ value, unit: "hours" });
const d = (value: number): TimeLimit => ({ value, unit: "days" });

const floorField: TCategoryField = { code: "floor", label: "楼层", labelEn: "Floor", datatype: "number", required: false, description: "发生问题的楼层", descriptionEn: "The floor where it happens" };
const bikeBrand: TCategoryField = {
  code: "bike_brand",
  label: "单车品牌",
  labelEn: "Bike brand",
  datatype: "multivaluelist",
  required: false,
  options: [
    { key: "meituan", name: "美团", nameEn: "Meituan" },
    { key: "hellobike", name: "哈啰", nameEn: "Hellobike" },
    { key: "qingju", name: "青桔", nameEn: "Qingju" },
    { key: "other", name: "其他", nameEn: "Other" },
  ],
};
const noiseTime: TCategoryField = {
  code: "noise_period",
  label: "发生时段",
  labelEn: "When",
  datatype: "singlevaluelist",
  required: true,
  options: [
    { key: "day", name: "白天（6–22 时）", nameEn: "Daytime (06:00–22:00)" },
    { key: "night", name: "夜间（22–6 时）", nameEn: "Night (22:00–06:00)" },
  ],
};
const apartmentName: TCategoryField = { code: "apartment", label: "公寓名称", labelEn: "Apartment", datatype: "string", required: true, description: "例如：虹桥·城投宽庭 3 号楼", descriptionEn: "For example: Hongqiao Chengtou Kuanting, building 3" };

export const SEED_CATEGORIES: SeedCategory[] = [
  { code: "01", name: "市容环境", nameEn: "City appearance and environment" },
  { code: "0101", name: "私搭乱建", nameEn: "Illegal structures", filing: "在道路、绿地、居民区等公共区域违法搭建建（构）筑物", closing: "违法搭建已停工并拆除，现场恢复原状", filingEn: "Structures built without permission on roads, green spaces, residential areas or other public ground", closingEn: "Work on the structure has stopped, it has been removed and the site restored", ack: h(1), handle: h(4), close: d(20), unit: "government", radius: 50 },
  { code: "0102", name: "暴露垃圾", nameEn: "Exposed rubbish", filing: "道路、绿地、水域等公共区域存在暴露垃圾、垃圾堆积", closing: "垃圾清除，现场干净整洁", filingEn: "Exposed or piled-up rubbish on roads, green spaces, water or other public areas", closingEn: "Rubbish removed, the site clean and tidy", ack: h(1), handle: h(4), close: h(8), unit: "enterprise", radius: 50 },
  { code: "0103", name: "积存渣土", nameEn: "Accumulated muck", filing: "公共区域积存建筑垃圾或渣土", closing: "渣土清运完毕", filingEn: "Construction waste or muck left on public ground", closingEn: "Muck cleared away", ack: h(1), handle: h(4), close: d(2), unit: "enterprise", radius: 80 },
  { code: "0104", name: "道路不洁", nameEn: "Dirty road", filing: "道路有明显污渍、散落物未及时清扫", closing: "路面清扫干净", filingEn: "Visible dirt or spilled material on a road not swept in time", closingEn: "Road surface swept clean", ack: h(1), handle: h(2), close: h(4), unit: "enterprise", radius: 100 },
  { code: "0105", name: "绿地脏乱", nameEn: "Untidy green space", filing: "绿地内有垃圾、杂物或植被明显缺损", closing: "绿地清理完毕、缺损补植", filingEn: "Rubbish or clutter in a green space, or plants clearly missing or damaged", closingEn: "Green space cleaned up and missing plants replaced", ack: h(2), handle: d(5), close: d(7), unit: "enterprise", radius: 80 },
  { code: "0106", name: "垃圾满溢", nameEn: "Overflowing bins", filing: "垃圾箱（桶）满溢或垃圾箱房周边脏乱", closing: "垃圾清运、周边清洁", filingEn: "Bins overflowing, or the area around a bin room dirty", closingEn: "Rubbish collected and the surroundings cleaned", ack: h(1), handle: h(2), close: h(4), unit: "enterprise", radius: 30 },
  { code: "02", name: "宣传广告", nameEn: "Advertising" },
  { code: "0201", name: "非法小广告", nameEn: "Illegal flyers and graffiti", filing: "张贴、涂写、刻画非法小广告", closing: "小广告清除，墙面恢复", filingEn: "Illegal flyers posted, written, painted or carved", closingEn: "Flyers removed and the wall restored", ack: h(1), handle: d(1), close: d(2), unit: "enterprise", radius: 30 },
  { code: "0202", name: "街头散发广告", nameEn: "Leafleting", filing: "在道路、广场散发商业广告", closing: "散发行为已制止", filingEn: "Commercial leaflets handed out on roads or squares", closingEn: "Leafleting stopped", ack: h(1), handle: h(2), close: h(4), unit: "government", radius: 100 },
  { code: "0203", name: "违规户外广告", nameEn: "Unlicensed outdoor signs", filing: "未经许可设置或破损的户外广告、店招店牌", closing: "违规广告拆除或修复", filingEn: "Outdoor advertising or shop signs put up without a permit, or damaged", closingEn: "Unlicensed signs removed or repaired", ack: h(2), handle: d(5), close: d(10), unit: "government", radius: 50 },
  { code: "03", name: "施工管理", nameEn: "Construction" },
  { code: "0301", name: "施工扰民", nameEn: "Construction noise", filing: "夜间（22 时至次日 6 时）未经许可施工或施工噪声超标", closing: "施工停止或已取得夜间施工许可", filingEn: "Work at night (22:00 to 06:00) without a permit, or construction noise over the limit", closingEn: "Work stopped, or a night-work permit obtained", ack: h(1), handle: h(4), close: d(1), unit: "government", radius: 200, fields: [noiseTime] },
  { code: "0302", name: "施工占道", nameEn: "Works blocking the road", filing: "施工超范围占用道路或未设置围挡", closing: "占道已清除或围挡规范", filingEn: "Works occupying more road than allowed, or without hoarding", closingEn: "Road cleared or hoarding put up properly", ack: h(1), handle: h(4), close: d(2), unit: "enterprise", radius: 100 },
  { code: "0303", name: "工地扬尘", nameEn: "Site dust", filing: "工地未覆盖、未冲洗造成扬尘", closing: "覆盖、冲洗到位，无明显扬尘", filingEn: "Site dust because material is not covered or wheels are not washed", closingEn: "Covering and washing in place; no visible dust", ack: h(1), handle: h(4), close: d(1), unit: "enterprise", radius: 200 },
  { code: "04", name: "突发事件", nameEn: "Emergencies" },
  { code: "0401", name: "道路积水", nameEn: "Flooded road", filing: "道路积水影响通行", closing: "积水排除", filingEn: "Water standing on a road and blocking traffic", closingEn: "Water drained away", ack: h(0.5), handle: h(2), close: h(4), unit: "government", radius: 150 },
  { code: "0402", name: "路面塌陷", nameEn: "Road collapse", filing: "路面塌陷、破损危及安全", closing: "设置警示并完成修复", filingEn: "Road surface collapsed or broken and dangerous", closingEn: "Warning signs set up and the road repaired", ack: h(0.5), handle: h(4), close: d(3), unit: "government", radius: 100 },
  { code: "0403", name: "管道破裂", nameEn: "Burst pipe", filing: "供水、排水管道破裂冒水", closing: "管道修复，现场清理", filingEn: "Water supply or drainage pipe burst and leaking", closingEn: "Pipe repaired and the site cleaned", ack: h(0.5), handle: h(4), close: d(1), unit: "enterprise", radius: 100 },
  { code: "0404", name: "井盖缺损", nameEn: "Missing manhole cover", filing: "井盖缺失、破损或移位", closing: "井盖补齐或更换", filingEn: "Manhole cover missing, broken or out of place", closingEn: "Cover replaced", ack: h(0.5), handle: h(2), close: h(8), unit: "enterprise", radius: 30 },
  { code: "05", name: "街面秩序", nameEn: "Street order" },
  { code: "0501", name: "无照经营", nameEn: "Unlicensed trading", filing: "无证无照经营游商", closing: "经营行为已制止", filingEn: "Street hawkers trading without a licence", closingEn: "Trading stopped", ack: h(1), handle: h(2), close: d(1), unit: "government", radius: 100 },
  { code: "0502", name: "占道经营", nameEn: "Trading on the pavement", filing: "店外经营、跨门营业或占用道路经营", closing: "占道物品清除，经营回归店内", filingEn: "Trading outside the shop, across the doorway or on the road", closingEn: "Goods cleared; trading back inside the shop", ack: h(1), handle: h(2), close: d(1), unit: "government", radius: 50 },
  { code: "0503", name: "机动车乱停放", nameEn: "Illegal car parking", filing: "机动车占用人行道、消防通道停放", closing: "车辆驶离或已处罚", filingEn: "Motor vehicles parked on the pavement or in a fire lane", closingEn: "Vehicle moved away or fined", ack: h(1), handle: h(2), close: h(4), unit: "government", radius: 50 },
  { code: "0504", name: "黑车拉客", nameEn: "Unlicensed taxis", filing: "车站、商圈周边非法营运拉客", closing: "拉客行为已制止", filingEn: "Unlicensed taxis touting around stations and shopping areas", closingEn: "Touting stopped", ack: h(0.5), handle: h(2), close: h(4), unit: "government", radius: 300 },
  { code: "06", name: "社区治理", nameEn: "Neighbourhood issues" },
  { code: "0601", name: "共享单车乱停放", nameEn: "Shared bikes parked badly", filing: "共享单车堆积、倒伏或占用盲道、出入口", closing: "车辆清运或规整，通道畅通", filingEn: "Shared bikes piled up, knocked over, or blocking tactile paving or entrances", closingEn: "Bikes taken away or lined up; the way is clear", ack: h(1), handle: h(2), close: h(4), unit: "bike_operator", radius: 100, fields: [bikeBrand], keywords: ["单车", "哈啰", "美团"] },
  { code: "0602", name: "非机动车停放", nameEn: "Bicycles and e-bikes parked badly", filing: "非机动车乱停放或楼道内停放、充电", closing: "车辆移至规定区域，楼道无停放充电", filingEn: "Bicycles or e-bikes parked anywhere, or parked or charged in stairwells", closingEn: "Bikes moved to the parking area; nothing parked or charging in the stairwell", ack: h(1), handle: d(1), close: d(2), unit: "government", radius: 50, fields: [floorField] },
  { code: "0603", name: "噪音扰民", nameEn: "Noise nuisance", filing: "社会生活噪声（商铺、娱乐、邻里）影响居民休息", closing: "噪声源已整改，回访无反弹", filingEn: "Everyday noise (shops, entertainment, neighbours) keeping residents awake", closingEn: "Source of the noise dealt with; no return at the follow-up call", ack: h(1), handle: d(1), close: d(3), unit: "government", radius: 100, fields: [noiseTime], keywords: ["噪声", "吵"] },
  { code: "0604", name: "群租", nameEn: "Illegal group renting", filing: "一套住房分隔出租、人均面积低于规定或擅自改变房屋用途", closing: "群租整治完毕，房屋恢复原状", filingEn: "A flat divided and let to many tenants, below the minimum space per person, or used for something else", closingEn: "Group renting ended and the flat restored", ack: h(2), handle: d(5), close: d(15), unit: "government", radius: 20, fields: [floorField], private: true },
  { code: "0605", name: "公寓服务", nameEn: "Apartment services", filing: "长租公寓维修、安全、服务投诉", closing: "公寓运营方处理完毕并经租户确认", filingEn: "Complaints about repairs, safety or service in long-let apartments", closingEn: "The operator has dealt with it and the tenant has confirmed", ack: h(2), handle: d(3), close: d(5), unit: "apartment_operator", radius: 30, fields: [apartmentName], keywords: ["公寓", "租户", "宽庭"] },
  { code: "0606", name: "垃圾分类", nameEn: "Waste sorting", filing: "垃圾混投、分类容器缺失或定时定点未落实", closing: "分类整改到位", filingEn: "Waste not sorted, sorting bins missing, or set collection times not kept", closingEn: "Sorting put right", ack: h(2), handle: d(2), close: d(3), unit: "enterprise", radius: 50 },
  { code: "0607", name: "楼道堆物", nameEn: "Stairwell clutter", filing: "楼道、消防通道堆放杂物", closing: "杂物清理，通道畅通", filingEn: "Things stored in stairwells or fire escapes", closingEn: "Clutter cleared; the way is clear", ack: h(2), handle: d(2), close: d(3), unit: "enterprise", radius: 20, fields: [floorField] },
  { code: "0608", name: "其他求助投诉", nameEn: "Other requests", filing: "其他属于街道管辖的求助、投诉", closing: "诉求已答复或解决", filingEn: "Other requests and complaints the sub-district deals with", closingEn: "The request has been answered or resolved", ack: h(4), handle: d(5), close: d(5), radius: 0 },
];

/** Seeds the national event classes and the local 小类 into a tenant without categories. */
export async function seedCategories(tx: Db, tenantId: string): Promise<number> {
  const [any] = await tx.select({ id: caseCategories.id }).from(caseCategories).where(eq(caseCategories.tenantId, tenantId)).limit(1);
  if (any) return 0;
  const ids = new Map<string, string>();
  for (const [position, c] of SEED_CATEGORIES.entries()) {
    const parentId = c.code.length === 4 ? ids.get(c.code.slice(0, 2))! : null;
    const [row] = await tx
      .insert(caseCategories)
      .values({
        tenantId,
        code: c.code,
        parentId,
        level: c.code.length === 2 ? 1 : 2,
        name: c.name,
        nameEn: c.nameEn,
        filingStandard: c.filing ?? null,
        closingStandard: c.closing ?? null,
        filingStandardEn: c.filingEn ?? null,
        closingStandardEn: c.closingEn ?? null,
        ackLimit: c.ack ?? null,
        handleLimit: c.handle ?? null,
        closeLimit: c.close ?? null,
        defaultUnitKind: c.unit ?? null,
        dedupeRadiusM: c.radius ?? 50,
        fields: c.fields ?? [],
        keywords: c.keywords ?? [],
        isPrivate: c.private ?? false,
        position,
      })
      .returning({ id: caseCategories.id });
    ids.set(c.code, row!.id);
  }
  await publishChange(tx, tenantId, "categories");
  return SEED_CATEGORIES.length;
}

/** A field's English where the seed has it and the tenant's field has none; the field unchanged otherwise. */
function withEnglish(field: TCategoryField, seeded: TCategoryField | undefined): TCategoryField {
  if (!seeded) return field;
  const options = field.options?.map((option) => {
    const match = seeded.options?.find((o) => o.key === option.key && o.name === option.name);
    return option.nameEn || !match?.nameEn ? option : { ...option, nameEn: match.nameEn };
  });
  return {
    ...field,
    ...(field.labelEn || field.label !== seeded.label || !seeded.labelEn ? {} : { labelEn: seeded.labelEn }),
    ...(field.descriptionEn || field.description !== seeded.description || !seeded.descriptionEn ? {} : { descriptionEn: seeded.descriptionEn }),
    ...(options ? { options } : {}),
  };
}

/**
 * Seed revision 1: the English of the seeded dictionary (standards, extra fields' descriptions and
 * options) for a tenant seeded before the seed had it. Fills only what is empty and still reads as
 * seeded — a standard an admin rewrote in Chinese keeps no stale English — and audits each changed
 * category as `system`. Runs once per tenant (tenants.seed_revision), so English an admin removed
 * later is not put back.
 */
export async function addSeedCategoryEnglish(tx: Db, tenantId: string): Promise<number> {
  const rows = await tx.select().from(caseCategories).where(eq(caseCategories.tenantId, tenantId));
  let changed = 0;
  for (const row of rows) {
    const seeded = SEED_CATEGORIES.find((c) => c.code === row.code);
    if (!seeded) continue;
    const patch: Partial<typeof caseCategories.$inferInsert> = {};
    if (!row.nameEn && row.name === seeded.name) patch.nameEn = seeded.nameEn;
    if (!row.filingStandardEn && seeded.filingEn && row.filingStandard === (seeded.filing ?? null)) patch.filingStandardEn = seeded.filingEn;
    if (!row.closingStandardEn && seeded.closingEn && row.closingStandard === (seeded.closing ?? null)) patch.closingStandardEn = seeded.closingEn;
    const fields = (row.fields as TCategoryField[] | null) ?? [];
    const upgraded = fields.map((field) => withEnglish(field, seeded.fields?.find((f) => f.code === field.code)));
    if (JSON.stringify(upgraded) !== JSON.stringify(fields)) patch.fields = upgraded;
    if (Object.keys(patch).length === 0) continue;
    await tx
      .update(caseCategories)
      .set({ ...patch, updatedAt: new Date(), version: sql`${caseCategories.version} + 1` })
      .where(and(eq(caseCategories.tenantId, tenantId), eq(caseCategories.id, row.id)));
    const before = Object.fromEntries(Object.keys(patch).map((key) => [key, row[key as keyof typeof row]]));
    await tx.insert(auditLog).values({ tenantId, at: new Date(), actorLabel: "system", action: "case_category.update", entityType: "case_category", entityId: row.id, before: { code: row.code, ...before }, after: { code: row.code, ...patch } });
    changed += 1;
  }
  if (changed > 0) await publishChange(tx, tenantId, "categories");
  return changed;
}

/**
 * Seed revision 2: the seed's private categories (群租) become private in a tenant seeded before
 * categories could be, unless an admin renamed the category since (then it is theirs to decide).
 * Audited per category as `system`; runs once per tenant.
 */
export async function markSeedCategoriesPrivate(tx: Db, tenantId: string): Promise<number> {
  let changed = 0;
  for (const seeded of SEED_CATEGORIES.filter((c) => c.private)) {
    const rows = await tx
      .update(caseCategories)
      .set({ isPrivate: true, updatedAt: new Date(), version: sql`${caseCategories.version} + 1` })
      .where(and(eq(caseCategories.tenantId, tenantId), eq(caseCategories.code, seeded.code), eq(caseCategories.name, seeded.name), eq(caseCategories.isPrivate, false)))
      .returning({ id: caseCategories.id });
    for (const row of rows) {
      await tx.insert(auditLog).values({ tenantId, at: new Date(), actorLabel: "system", action: "case_category.update", entityType: "case_category", entityId: row.id, before: { code: seeded.code, isPrivate: false }, after: { code: seeded.code, isPrivate: true } });
      changed += 1;
    }
  }
  if (changed > 0) await publishChange(tx, tenantId, "categories");
  return changed;
}
