// Route module (its own chunk): react-router's lazy() reads `Component`.
export { AuditPage as Component } from "../features/audit/audit-page";
