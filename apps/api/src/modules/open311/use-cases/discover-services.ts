import { CATEGORY_LEVEL, PUBLIC_COORDINATE_DECIMALS } from "@caihong/domain";
import type { TLocale } from "@caihong/contracts";
import type { RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { lastCategoryChange, listCategoryRows, type CategoryRow } from "../../cases";
import { findTenant } from "../../tenants";
import { presentService, presentServiceDefinition, shanghaiIso } from "../open311.presenter";
import type { Open311Value } from "../open311.xml";

// Discovery and services: public (the spec needs no key to read).

const SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";

const name = (row: { name: string; nameEn: string | null }, locale: TLocale) => (locale === "en" && row.nameEn ? row.nameEn : row.name);

/**
 * The discovery document: who runs the endpoint, how keys are issued, where it lives, and what
 * the public output withholds (an extra `privacy` field: the coordinate precision and the rules).
 */
export async function discover(ctx: RequestContext, origin: string): Promise<Open311Value> {
  const tenant = await findTenant(ctx.db, ctx.tenantId);
  const changed = await lastCategoryChange(ctx.db, ctx.tenantId);
  const changeset = shanghaiIso(changed ?? new Date(0));
  const zh = ctx.locale === "zh-CN";
  const area = tenant ? name(tenant, ctx.locale) : ctx.tenantId;
  return {
    changeset,
    contact: zh ? `${area}城运中心` : `${area} City Operations Centre`,
    key_service: zh
      ? `API 密钥由${area}的管理员在彩虹桥（API 密钥）中签发，须带有“上报案件”（cases.report）权限`
      : `API keys are issued by ${area}'s administrators in Caihong (API keys) and need the cases.report permission`,
    privacy: zh
      ? `仅公开已立案的请求（私密类别除外）；描述与备注中的电话、身份证号、银行卡号、邮箱、车牌、房号已隐去；坐标取整到 ${PUBLIC_COORDINATE_DECIMALS} 位小数（0.001°，约 100 米）；地址只到道路；只公开工作人员标为公开的处置说明`
      : `Only filed requests are published (never those of private services); phone, ID and card numbers, e-mail addresses, plates and room numbers are starred in descriptions and notes; lat/long are rounded to ${PUBLIC_COORDINATE_DECIMALS} decimals (0.001°, about 100 m); addresses stop at the road; only notes staff marked public are shown`,
    endpoints: [{ specification: SPECIFICATION, url: `${origin}/open311/v2`, changeset, type: "production", formats: ["text/xml", "application/json"] }],
  };
}

/** Active 小类 with their 大类 (inactive ones are neither listed nor accepted). */
export async function activeServices(ctx: RequestContext): Promise<{ cat: CategoryRow; group: CategoryRow | undefined }[]> {
  const rows = await listCategoryRows(ctx.db, ctx.tenantId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows.filter((r) => r.level === CATEGORY_LEVEL.subclass && r.active && (!r.parentId || byId.get(r.parentId)?.active !== false)).map((cat) => ({ cat, group: cat.parentId ? byId.get(cat.parentId) : undefined }));
}

/** Every service a client may request, in dictionary order. */
export async function listServices(ctx: RequestContext): Promise<Open311Value> {
  return (await activeServices(ctx)).map(({ cat, group }) => presentService(cat, group, ctx.locale));
}

/** An active service by code, or 404. */
export async function getService(ctx: RequestContext, code: string): Promise<CategoryRow> {
  const found = (await activeServices(ctx)).find(({ cat }) => cat.code === code);
  if (!found) throw new AppError("NOT_FOUND", msg(`服务代码 ${code} 不存在`, `service_code ${code} not found`));
  return found.cat;
}

/** One service's definition: its extra fields as attributes. */
export async function getServiceDefinition(ctx: RequestContext, code: string): Promise<Open311Value> {
  return presentServiceDefinition(await getService(ctx, code), ctx.locale);
}
