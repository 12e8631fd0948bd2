// Route module (its own chunk): react-router's lazy() reads `Component`.
export { UnitsPage as Component } from "../features/units/units-page";
