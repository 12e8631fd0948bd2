// Route module (its own chunk): react-router's lazy() reads `Component`.
export { PasswordPage as Component } from "../features/auth/password-page";
