/** Deployment settings the web needs (map basemap). */
export { settingsRoutes } from "./settings.routes";
