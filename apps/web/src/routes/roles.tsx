// Route module (its own chunk): react-router's lazy() reads `Component`.
export { RolesPage as Component } from "../features/roles/roles-page";
