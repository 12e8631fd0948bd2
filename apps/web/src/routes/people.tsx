// Route module (its own chunk): react-router's lazy() reads `Component`.
export { PeoplePage as Component } from "../features/people/people-page";
