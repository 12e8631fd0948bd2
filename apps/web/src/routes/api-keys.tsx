// Route module (its own chunk): react-router's lazy() reads `Component`.
export { ApiKeysPage as Component } from "../features/api-keys/api-keys-page";
