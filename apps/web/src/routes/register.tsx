// Route module (its own chunk): react-router's lazy() reads `Component`.
export { RegisterPage as Component } from "../features/auth/register-page";
