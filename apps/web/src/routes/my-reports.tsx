// Route module (its own chunk): react-router's lazy() reads `Component`.
export { MyReportsPage as Component } from "../features/cases/mobile/my-reports-page";
