/** API keys for machine clients (integrations, Open311). */
export { apiKeysRoutes } from "./api-keys.routes";
