/** Sign-in, sessions, CSRF, API-key principals and resident registration; the hook that authenticates every /api request. */
export { authRoutes } from "./auth.routes";
export { authPlugin } from "./auth.plugin";
export { Authenticator } from "./auth.authenticator";
export { sha256 } from "./auth.tokens";
// The api-keys module manages the keys this module authenticates.
export { apiKeyHoldsText, findApiKeyById, findApiKeys, insertApiKey, revokeApiKey, type ApiKeyRow } from "./auth.repository";
