import type { TCategoryField, TUnitKind } from "@caihong/contracts";
import type { TimeLimit } from "@caihong/domain";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
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
  ack?: TimeLimit;
  handle?: TimeLimit;
  close?: TimeLimit;
  unit?: TUnitKind;
  radius?: number;
  fields?: TCategoryField[];
  keywords?: string[];
}

const h = (value: number): TimeLimit => ({ value, unit: "hours" });
const d = (value: number): TimeLimit => ({ value, unit: "days" });

const floorField: TCategoryField = { code: "floor", label: "楼层", labelEn: "Floor", datatype: "number", required: false, description: "发生问题的楼层" };
const bikeBrand: TCategoryField = {
  code: "bike_brand",
  label: "单车品牌",
  labelEn: "Bike brand",
  datatype: "multivaluelist",
  required: false,
  options: [
    { key: "meituan", name: "美团" },
    { key: "hellobike", name: "哈啰" },
    { key: "qingju", name: "青桔" },
    { key: "other", name: "其他" },
  ],
};
const noiseTime: TCategoryField = {
  code: "noise_period",
  label: "发生时段",
  labelEn: "When",
  datatype: "singlevaluelist",
  required: true,
  options: [
    { key: "day", name: "白天（6–22 时）" },
    { key: "night", name: "夜间（22–6 时）" },
  ],
};
const apartmentName: TCategoryField = { code: "apartment", label: "公寓名称", labelEn: "Apartment", datatype: "string", required: true, description: "例如：虹桥·城投宽庭 3 号楼" };

export const SEED_CATEGORIES: SeedCategory[] = [
  { code: "01", name: "市容环境", nameEn: "City appearance and environment" },
  { code: "0101", name: "私搭乱建", nameEn: "Illegal structures", filing: "在道路、绿地、居民区等公共区域违法搭建建（构）筑物", closing: "违法搭建已停工并拆除，现场恢复原状", ack: h(1), handle: h(4), close: d(20), unit: "government", radius: 50 },
  { code: "0102", name: "暴露垃圾", nameEn: "Exposed rubbish", filing: "道路、绿地、水域等公共区域存在暴露垃圾、垃圾堆积", closing: "垃圾清除，现场干净整洁", ack: h(1), handle: h(4), close: h(8), unit: "enterprise", radius: 50 },
  { code: "0103", name: "积存渣土", nameEn: "Accumulated muck", filing: "公共区域积存建筑垃圾或渣土", closing: "渣土清运完毕", ack: h(1), handle: h(4), close: d(2), unit: "enterprise", radius: 80 },
  { code: "0104", name: "道路不洁", nameEn: "Dirty road", filing: "道路有明显污渍、散落物未及时清扫", closing: "路面清扫干净", ack: h(1), handle: h(2), close: h(4), unit: "enterprise", radius: 100 },
  { code: "0105", name: "绿地脏乱", nameEn: "Untidy green space", filing: "绿地内有垃圾、杂物或植被明显缺损", closing: "绿地清理完毕、缺损补植", ack: h(2), handle: d(5), close: d(7), unit: "enterprise", radius: 80 },
  { code: "0106", name: "垃圾满溢", nameEn: "Overflowing bins", filing: "垃圾箱（桶）满溢或垃圾箱房周边脏乱", closing: "垃圾清运、周边清洁", ack: h(1), handle: h(2), close: h(4), unit: "enterprise", radius: 30 },
  { code: "02", name: "宣传广告", nameEn: "Advertising" },
  { code: "0201", name: "非法小广告", nameEn: "Illegal flyers and graffiti", filing: "张贴、涂写、刻画非法小广告", closing: "小广告清除，墙面恢复", ack: h(1), handle: d(1), close: d(2), unit: "enterprise", radius: 30 },
  { code: "0202", name: "街头散发广告", nameEn: "Leafleting", filing: "在道路、广场散发商业广告", closing: "散发行为已制止", ack: h(1), handle: h(2), close: h(4), unit: "government", radius: 100 },
  { code: "0203", name: "违规户外广告", nameEn: "Unlicensed outdoor signs", filing: "未经许可设置或破损的户外广告、店招店牌", closing: "违规广告拆除或修复", ack: h(2), handle: d(5), close: d(10), unit: "government", radius: 50 },
  { code: "03", name: "施工管理", nameEn: "Construction" },
  { code: "0301", name: "施工扰民", nameEn: "Construction noise", filing: "夜间（22 时至次日 6 时）未经许可施工或施工噪声超标", closing: "施工停止或已取得夜间施工许可", ack: h(1), handle: h(4), close: d(1), unit: "government", radius: 200, fields: [noiseTime] },
  { code: "0302", name: "施工占道", nameEn: "Works blocking the road", filing: "施工超范围占用道路或未设置围挡", closing: "占道已清除或围挡规范", ack: h(1), handle: h(4), close: d(2), unit: "enterprise", radius: 100 },
  { code: "0303", name: "工地扬尘", nameEn: "Site dust", filing: "工地未覆盖、未冲洗造成扬尘", closing: "覆盖、冲洗到位，无明显扬尘", ack: h(1), handle: h(4), close: d(1), unit: "enterprise", radius: 200 },
  { code: "04", name: "突发事件", nameEn: "Emergencies" },
  { code: "0401", name: "道路积水", nameEn: "Flooded road", filing: "道路积水影响通行", closing: "积水排除", ack: h(0.5), handle: h(2), close: h(4), unit: "government", radius: 150 },
  { code: "0402", name: "路面塌陷", nameEn: "Road collapse", filing: "路面塌陷、破损危及安全", closing: "设置警示并完成修复", ack: h(0.5), handle: h(4), close: d(3), unit: "government", radius: 100 },
  { code: "0403", name: "管道破裂", nameEn: "Burst pipe", filing: "供水、排水管道破裂冒水", closing: "管道修复，现场清理", ack: h(0.5), handle: h(4), close: d(1), unit: "enterprise", radius: 100 },
  { code: "0404", name: "井盖缺损", nameEn: "Missing manhole cover", filing: "井盖缺失、破损或移位", closing: "井盖补齐或更换", ack: h(0.5), handle: h(2), close: h(8), unit: "enterprise", radius: 30 },
  { code: "05", name: "街面秩序", nameEn: "Street order" },
  { code: "0501", name: "无照经营", nameEn: "Unlicensed trading", filing: "无证无照经营游商", closing: "经营行为已制止", ack: h(1), handle: h(2), close: d(1), unit: "government", radius: 100 },
  { code: "0502", name: "占道经营", nameEn: "Trading on the pavement", filing: "店外经营、跨门营业或占用道路经营", closing: "占道物品清除，经营回归店内", ack: h(1), handle: h(2), close: d(1), unit: "government", radius: 50 },
  { code: "0503", name: "机动车乱停放", nameEn: "Illegal car parking", filing: "机动车占用人行道、消防通道停放", closing: "车辆驶离或已处罚", ack: h(1), handle: h(2), close: h(4), unit: "government", radius: 50 },
  { code: "0504", name: "黑车拉客", nameEn: "Unlicensed taxis", filing: "车站、商圈周边非法营运拉客", closing: "拉客行为已制止", ack: h(0.5), handle: h(2), close: h(4), unit: "government", radius: 300 },
  { code: "06", name: "社区治理", nameEn: "Neighbourhood issues" },
  { code: "0601", name: "共享单车乱停放", nameEn: "Shared bikes parked badly", filing: "共享单车堆积、倒伏或占用盲道、出入口", closing: "车辆清运或规整，通道畅通", ack: h(1), handle: h(2), close: h(4), unit: "bike_operator", radius: 100, fields: [bikeBrand], keywords: ["单车", "哈啰", "美团"] },
  { code: "0602", name: "非机动车停放", nameEn: "Bicycles and e-bikes parked badly", filing: "非机动车乱停放或楼道内停放、充电", closing: "车辆移至规定区域，楼道无停放充电", ack: h(1), handle: d(1), close: d(2), unit: "government", radius: 50, fields: [floorField] },
  { code: "0603", name: "噪音扰民", nameEn: "Noise nuisance", filing: "社会生活噪声（商铺、娱乐、邻里）影响居民休息", closing: "噪声源已整改，回访无反弹", ack: h(1), handle: d(1), close: d(3), unit: "government", radius: 100, fields: [noiseTime], keywords: ["噪声", "吵"] },
  { code: "0604", name: "群租", nameEn: "Illegal group renting", filing: "一套住房分隔出租、人均面积低于规定或擅自改变房屋用途", closing: "群租整治完毕，房屋恢复原状", ack: h(2), handle: d(5), close: d(15), unit: "government", radius: 20, fields: [floorField] },
  { code: "0605", name: "公寓服务", nameEn: "Apartment services", filing: "长租公寓维修、安全、服务投诉", closing: "公寓运营方处理完毕并经租户确认", ack: h(2), handle: d(3), close: d(5), unit: "apartment_operator", radius: 30, fields: [apartmentName], keywords: ["公寓", "租户", "宽庭"] },
  { code: "0606", name: "垃圾分类", nameEn: "Waste sorting", filing: "垃圾混投、分类容器缺失或定时定点未落实", closing: "分类整改到位", ack: h(2), handle: d(2), close: d(3), unit: "enterprise", radius: 50 },
  { code: "0607", name: "楼道堆物", nameEn: "Stairwell clutter", filing: "楼道、消防通道堆放杂物", closing: "杂物清理，通道畅通", ack: h(2), handle: d(2), close: d(3), unit: "enterprise", radius: 20, fields: [floorField] },
  { code: "0608", name: "其他求助投诉", nameEn: "Other requests", filing: "其他属于街道管辖的求助、投诉", closing: "诉求已答复或解决", ack: h(4), handle: d(5), close: d(5), radius: 0 },
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
        ackLimit: c.ack ?? null,
        handleLimit: c.handle ?? null,
        closeLimit: c.close ?? null,
        defaultUnitKind: c.unit ?? null,
        dedupeRadiusM: c.radius ?? 50,
        fields: c.fields ?? [],
        keywords: c.keywords ?? [],
        position,
      })
      .returning({ id: caseCategories.id });
    ids.set(c.code, row!.id);
  }
  return SEED_CATEGORIES.length;
}
