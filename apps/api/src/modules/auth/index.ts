/** Sign-in, sessions, CSRF, API-key principals and resident registration; the hook that authenticates every /api request. */
export { authRoutes } from "./auth.routes";
export { authPlugin } from "./auth.plugin";
export { Authenticator, SESSION_COOKIE, sha256 } from "./auth.service";
export { findGrantRows } from "./auth.repository";
