/** Accounts, role assignments with scope, reveal of personal data. */
export { usersRoutes } from "./users.routes";
// Use cases the command line runs with the system actor.
export { createUser } from "./use-cases/create-user";
export { findUserByUsername } from "./use-cases/find-users";
export { resetUserPassword } from "./use-cases/reset-password";
export { setUserStatus } from "./use-cases/set-user-status";
// What other modules need of accounts: the no-escalation rule, names and locations for their lists and checks.
export { assertMayAssign } from "./users.policy";
export { findActiveUserName, findTakenField, findUserLocation, insertUser, updateUserColumns, userNameOf } from "./users.repository";
// Credentials and registration codes, for the auth module.
export { accountOf, findAccountById, findAccountByLogin, recordSignIn, recordSignInFailure, type AccountRow } from "./accounts.repository";
export { consumeVerification, findLatestVerification, findOpenVerification, insertVerification, recordWrongCode } from "./verifications.repository";
