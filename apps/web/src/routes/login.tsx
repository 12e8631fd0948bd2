// Route module (its own chunk): react-router's lazy() reads `Component`.
export { LoginPage as Component } from "../features/auth/login-page";
