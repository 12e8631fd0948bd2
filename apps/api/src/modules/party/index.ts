/** Party organisations (one per grid) and memberships. */
export { partyRoutes } from "./party.routes";
export { presentMembership } from "./party.presenter";
export { findMemberships } from "./party.repository";
