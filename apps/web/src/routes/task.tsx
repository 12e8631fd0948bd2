// Route module (its own chunk): react-router's lazy() reads `Component`.
export { TaskPage as Component } from "../features/cases/mobile/task-page";
