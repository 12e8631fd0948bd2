/** Roles and their permissions; the role assignments of users and what they grant. */
export { rolesRoutes } from "./roles.routes";
export { findRoles } from "./use-cases/find-roles";
export {
  findGrantRows,
  holdersOfPermissionOnGrid,
  findRoleByCode,
  findRolesByIds,
  findSystemRoles,
  holdsRole,
  insertAssignments,
  insertPostGrants,
  postGrantExists,
  removePostGrants,
  replaceAssignments,
  roleAssignmentsOf,
  type AssignmentRow,
  type GrantRow,
  type NewAssignment,
} from "./roles.repository";
