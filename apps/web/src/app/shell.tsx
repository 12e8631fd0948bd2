import { Outlet, useMatches } from "react-router";
import { ForbiddenPage } from "../components/status-pages";
import { useI18n } from "../i18n/i18n";
import type { RouteHandle } from "./nav";
import { ReferenceDateProvider } from "./reference-date";
import { ResidentLayout } from "./resident-layout";
import { isStaff, useCurrentUser, useSession } from "./session";
import { StaffLayout } from "./staff-layout";

/**
 * The signed-in shell: staff get the side-menu layout, residents the mobile one. A page whose
 * route handle names a permission the user lacks shows 403 instead.
 */
export function Shell() {
  const user = useCurrentUser();
  const { can } = useSession();
  const { locale } = useI18n();
  const matches = useMatches();
  const needed = matches.map((match) => (match.handle as RouteHandle | undefined)?.permission).filter((p) => p !== undefined);
  const isAllowed = needed.every((permission) => can(permission));
  // Keyed by language: pages remount and refetch, so server-localized names follow the switch.
  const content = isAllowed ? <Outlet key={locale} /> : <ForbiddenPage />;
  return <ReferenceDateProvider>{isStaff(user) ? <StaffLayout>{content}</StaffLayout> : <ResidentLayout>{content}</ResidentLayout>}</ReferenceDateProvider>;
}
