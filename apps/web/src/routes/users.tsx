// Route module (its own chunk): react-router's lazy() reads `Component`.
export { UsersPage as Component } from "../features/users/users-page";
