// Route module (its own chunk): react-router's lazy() reads `Component`.
export { TasksPage as Component } from "../features/cases/mobile/tasks-page";
