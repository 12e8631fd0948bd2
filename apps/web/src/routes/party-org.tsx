// Route module (its own chunk): react-router's lazy() reads `Component`.
export { PartyOrgPage as Component } from "../features/party/party-org-page";
