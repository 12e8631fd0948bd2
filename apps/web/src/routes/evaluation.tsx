// Route module (its own chunk): react-router's lazy() reads `Component`.
export { EvaluationPage as Component } from "../features/cases/evaluation-page";
