// Route module (its own chunk): react-router's lazy() reads `Component`.
export { GridsPage as Component } from "../features/grids/grids-page";
