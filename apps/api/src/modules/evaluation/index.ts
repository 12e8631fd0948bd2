/** 考核评价: indicators per grid level, unit or category, with drill-down and export. */
export { evaluationRoutes } from "./evaluation.routes";
