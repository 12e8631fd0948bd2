/**
 * The party network: Party organisations (one per grid) and their memberships, the people —
 * members and staff — and the grid staff posts that grant account scope.
 */
export { partyRoutes } from "./party.routes";
// What the grids module's card, map and summary need of the network.
export { findGridNetwork } from "./use-cases/find-grid-network";
export { orgKindOnGrid, orgNameOnGrid } from "./party.repository";
