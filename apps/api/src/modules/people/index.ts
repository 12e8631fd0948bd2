/** Party members and staff, and the grid posts that grant account scope. */
export { peopleRoutes } from "./people.routes";
