import { isStaff, useCurrentUser } from "../../app/session";
import { ResidentHome } from "./resident-home";
import { StaffHome } from "./staff-home";

/** `/`: the staff workbench, or the resident landing page. */
export function HomePage() {
  const user = useCurrentUser();
  return isStaff(user) ? <StaffHome /> : <ResidentHome />;
}
