// Route module (its own chunk): react-router's lazy() reads `Component`.
export { MyReportPage as Component } from "../features/cases/mobile/my-report-page";
