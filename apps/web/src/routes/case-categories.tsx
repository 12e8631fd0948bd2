// Route module (its own chunk): react-router's lazy() reads `Component`.
export { CaseCategoriesPage as Component } from "../features/cases/case-categories-page";
