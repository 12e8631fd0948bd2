// Route module (its own chunk): react-router's lazy() reads `Component`.
export { ForcedPasswordPage as Component } from "../features/auth/forced-password-page";
