// Route module (its own chunk): react-router's lazy() reads `Component`.
export { MapPage as Component } from "../features/map/map-page";
