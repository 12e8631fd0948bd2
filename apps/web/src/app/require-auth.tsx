import { Navigate, Outlet, useLocation } from "react-router";
import { FullPageSpin } from "../components/full-page-spin";
import { useSession } from "./session";

export const FORCED_PASSWORD_PATH = "/change-password";

/** Only same-app paths are followed after sign-in (no `//evil.example`). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) return "/";
  return next;
}

/** Gate for every signed-in page: sign-in first, then a forced password change if one is pending. */
export function RequireAuth() {
  const { user, isLoading, hasSignedOut } = useSession();
  const location = useLocation();
  if (isLoading) return <FullPageSpin />;
  if (!user) {
    const here = location.pathname + location.search;
    const shouldReturn = here !== "/" && !hasSignedOut;
    return <Navigate to={shouldReturn ? `/login?next=${encodeURIComponent(here)}` : "/login"} replace />;
  }
  const isOnForcedPage = location.pathname === FORCED_PASSWORD_PATH;
  if (user.mustChangePassword && !isOnForcedPage) return <Navigate to={FORCED_PASSWORD_PATH} replace />;
  if (!user.mustChangePassword && isOnForcedPage) return <Navigate to="/" replace />;
  return <Outlet />;
}
