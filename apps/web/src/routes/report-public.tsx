// Route module (its own chunk): react-router's lazy() reads `Component`.
export { PublicReportPage as Component } from "../features/cases/mobile/report-page";
