// Route module (its own chunk): react-router's lazy() reads `Component`.
export { CasesPage as Component } from "../features/cases/cases-page";
