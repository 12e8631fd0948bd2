/** Accounts, role assignments with scope, reveal of personal data. */
export { usersRoutes } from "./users.routes";
// Use cases the command line runs with the system actor.
export { createUser } from "./use-cases/create-user";
export { findUserByUsername, findUsers, getUser } from "./use-cases/find-users";
export { resetUserPassword } from "./use-cases/reset-password";
export { setUserStatus } from "./use-cases/set-user-status";
export { updateUser } from "./use-cases/update-user";
// What other modules need of accounts.
export { assertMayAssign } from "./users.policy";
export { findActiveUserName, findTakenField, findUserLocation, insertUser, updateUserColumns, userNameOf, type UserPatch } from "./users.repository";
// Credentials and registration codes, for the auth module.
export { accountOf, findAccountById, findAccountByLogin, recordSignIn, recordSignInFailure, type AccountRow, type AccountSummary } from "./accounts.repository";
export { consumeVerification, findLatestVerification, findOpenVerification, insertVerification, recordWrongCode } from "./verifications.repository";
