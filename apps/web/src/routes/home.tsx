// Route module (its own chunk): react-router's lazy() reads `Component`.
export { HomePage as Component } from "../features/home/home-page";
