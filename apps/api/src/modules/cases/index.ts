/**
 * Cases (快速处置一件事) and their evaluation (考核评价): intake from every channel, the workflow
 * steps, the clock, photos, categories, the work calendar, public tracking, the 12345 import, the
 * inbox, the webhook outbox, and the indicators per grid, unit or category.
 */
export { casesRoutes } from "./cases.routes";
export { evaluationRoutes } from "./evaluation.routes";
export { CalendarProvider, loadWorkCalendar } from "./calendar.provider";
export { CategoryCache } from "./categories.cache";
export { CaseClock } from "./use-cases/run-clock";
// Open311 files reports through the same intake and reads the published cases and categories.
export { reportCase, CASE_NUMBER_PREFIX } from "./use-cases/report-case";
export { listCategoryRows, lastCategoryChange, type CategoryRow } from "./categories.repository";
// The published face of cases (ADR 0010): filed, redacted, coarse; and the citizen updates integrations bring.
export { findPublishedRequests, getPublishedRequest, findPublishedUpdates, publicNoteOf, type PublicCase, type PublicStep, type PublicUpdate } from "./use-cases/read-published";
export { PUBLIC_CHANNELS } from "./published.repository";
export { addClientUpdate, type ClientUpdate } from "./use-cases/add-client-update";
// Open311 stores the photos it receives (multipart, media_url) through the same upload.
export { uploadPhoto } from "./use-cases/manage-photos";
// The seed plays the demo's histories through the same projection as the live steps.
export { stepColumns, duesFor } from "./cases.projection";
export { nextCaseNumber } from "./cases.repository";
// Bulk writers (the demo seed, the case factory, benchmarks) keep the evaluation rollups right
// (ADR 0011): by adding a case's deltas, or by rebuilding the tenant's rollups after the load.
export { addRollupDeltas, rebuildRollups, rollupDeltas } from "./rollups.repository";
export { rebuildEvaluationRollups, type RollupRebuild } from "./use-cases/rebuild-rollups";
