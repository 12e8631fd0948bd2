import type { TGridNode, TRole } from "@caihong/contracts";
import { useRequest } from "./hooks";
import { listGrids } from "./grids.api";
import { listRoles } from "./roles.api";

const NO_GRIDS: TGridNode[] = [];
const NO_ROLES: TRole[] = [];

/** The tenant's grid tree nodes (for scope and home-grid pickers); empty without permission. */
export function useGrids(isAllowed: boolean) {
  const state = useRequest(() => listGrids(), [], isAllowed);
  return { grids: state.data?.items ?? NO_GRIDS, isLoading: state.loading };
}

/** The tenant's roles (for role pickers); empty without permission. */
export function useRoles(isAllowed: boolean) {
  const state = useRequest(() => listRoles(), [], isAllowed);
  return { roles: state.data?.items ?? NO_ROLES, isLoading: state.loading, reload: state.reload };
}
