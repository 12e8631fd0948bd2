// Route module (its own chunk): react-router's lazy() reads `Component`.
export { ProfilePage as Component } from "../features/auth/profile-page";
