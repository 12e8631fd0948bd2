import { describe, expect, it } from "vitest";
import { INITIAL_QUEUE, toCaseFilters, type QueueState } from "./queue-filters";

describe("toCaseFilters", () => {
  it("shows every open case by default, newest first", () => {
    expect(toCaseFilters(INITIAL_QUEUE, true)).toMatchObject({ open: "true", state: undefined, mine: undefined, sort: "reported_desc" });
  });

  it("turns a state segment into a comma-separated state list", () => {
    const queue: QueueState = { ...INITIAL_QUEUE, view: { kind: "group", group: "working" } };
    expect(toCaseFilters(queue, true)).toMatchObject({ state: "dispatched,acknowledged,in_progress", open: undefined });
  });

  it("narrows the overdue tile to the caller's own cases unless the caller dispatches, as the inbox counts them", () => {
    const queue: QueueState = { ...INITIAL_QUEUE, view: { kind: "tile", tile: "overdue" }, sla: ["overdue"] };
    expect(toCaseFilters(queue, true)).toMatchObject({ open: "true", sla: "overdue", mine: undefined });
    expect(toCaseFilters(queue, false)).toMatchObject({ open: "true", sla: "overdue", mine: "true" });
  });

  it("keeps the other filters beside a tile", () => {
    const queue: QueueState = { ...INITIAL_QUEUE, view: { kind: "tile", tile: "toDispatch" }, channel: ["hotline", "staff_proxy"], q: "申滨路", gridId: "g1" };
    expect(toCaseFilters(queue, true)).toMatchObject({ state: "reported,filed", channel: "hotline,staff_proxy", q: "申滨路", gridId: "g1", sla: undefined });
  });

  it("narrows the extension and reopened tiles exactly, as the inbox counts them", () => {
    expect(toCaseFilters({ ...INITIAL_QUEUE, view: { kind: "tile", tile: "extensionRequests" } }, true)).toMatchObject({ open: "true", extensionPending: "true" });
    expect(toCaseFilters({ ...INITIAL_QUEUE, view: { kind: "tile", tile: "reopened" } }, false)).toMatchObject({ reopened: "true", mine: "true" });
  });
});
