// Route module (its own chunk): react-router's lazy() reads `Component`.
export { CaseDetailPage as Component } from "../features/cases/case-detail-page";
