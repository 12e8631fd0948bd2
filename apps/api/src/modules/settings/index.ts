/** Deployment and tenant settings the web needs: the map basemap, the reference date pages count "as of". */
export { settingsRoutes } from "./settings.routes";
