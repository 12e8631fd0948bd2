/** Roles and their permissions. */
export { rolesRoutes } from "./roles.routes";
