/** Accounts, role assignments with scope, reveal of personal data. */
export { usersRoutes } from "./users.routes";
export { assertMayAssign } from "./users.policy";
export { findActiveUserName, userNameOf } from "./users.repository";
