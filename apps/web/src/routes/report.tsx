// Route module (its own chunk): react-router's lazy() reads `Component`.
export { ReportPage as Component } from "../features/cases/mobile/report-page";
