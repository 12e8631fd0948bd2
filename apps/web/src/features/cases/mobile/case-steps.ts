import type { TSatisfaction } from "@caihong/contracts/constants";
import type { TCaseDetail } from "../../../api/cases";
import type { TimelineStep } from "./case-timeline";

const asString = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** A signed-in caller's view of the steps, with each step's evidence photos and facts. */
export function stepsOfCase(detail: TCaseDetail): TimelineStep[] {
  const photos = new Map(detail.photos.map((photo) => [photo.id, photo]));
  return detail.events.map((event) => ({
    key: event.id,
    action: event.action,
    toState: event.toState,
    at: event.at,
    actorLabel: event.actorLabel,
    note: event.note,
    reason: event.reason,
    satisfaction: asString(event.data.satisfaction) as TSatisfaction | null,
    dueAt: asString(event.data.dueAt) ?? asString(event.data.handleDueAt),
    // The report's own photos are shown with the case; steps show their evidence.
    photos: event.action === "report" ? [] : event.photoIds.flatMap((id) => photos.get(id) ?? []),
  }));
}
