// Route module (its own chunk): react-router's lazy() reads `Component`.
export { PartyOrgsPage as Component } from "../features/party/party-orgs-page";
