import type { TLocale, TSessionUser } from "@caihong/contracts";
import { PERMISSIONS } from "@caihong/contracts";
import type { PersonalData } from "../../lib/personal-data";
import { maskPhone } from "../../lib/personal-data";
import type { Principal } from "../../lib/principal";
import type { GrantRow } from "../roles";
import type { TenantRow } from "../tenants";
import type { AccountRow } from "../users";

/** The signed-in user as the client sees it; the phone is masked. */
export function presentSessionUser(input: {
  user: AccountRow;
  tenant: TenantRow;
  grantRows: GrantRow[];
  actor: Principal;
  pd: PersonalData;
  locale: TLocale;
}): TSessionUser {
  const { user, tenant, grantRows, actor, pd, locale } = input;
  const held = new Set(grantRows.flatMap((g) => g.permissions));
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    phoneMasked: user.phoneEnc ? maskPhone(pd.decrypt(user.phoneEnc)) : null,
    locale: user.locale,
    permissions: PERMISSIONS.filter((p) => held.has(p)),
    roles: grantRows.map((g) => ({
      code: g.roleCode,
      name: locale === "en" ? g.roleNameEn : g.roleNameZh,
      scope: g.scope,
      gridId: g.gridId,
      gridName: g.gridName,
    })),
    tenantName: locale === "en" ? tenant.nameEn : tenant.name,
    csrfToken: actor.csrfToken ?? "",
    mustChangePassword: user.mustChangePassword,
  };
}
