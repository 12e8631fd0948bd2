/** Cases (快速处置一件事): intake, steps, the clock, photos, categories, calendar, public tracking. */
export { casesRoutes } from "./cases.routes";
export { CalendarProvider } from "./cases.calendar";
export { CaseClock } from "./cases.clock";
export { createCase, parseIdempotencyKey } from "./cases.service";
export { listCategoryRows, type CategoryRow } from "./categories.service";
export { findCases } from "./cases.repository";
export { presentCaseSummary } from "./cases.presenter";
export { CASE_NUMBER_PREFIX, duesFor } from "./cases.service";
export { stepColumns } from "./cases.projection";
