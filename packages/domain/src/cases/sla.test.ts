import { describe, expect, it } from "vitest";
import { isRunning, RUNNING_STATES, slaStatus } from "./sla";

const due = new Date("2021-10-08T10:00:00+08:00");
const warn = new Date("2021-10-08T09:00:00+08:00");

describe("SLA colour", () => {
  it("is green before the warning, amber from it, red from the due time", () => {
    const c = { state: "dispatched", handleDueAt: due, warnAt: warn };
    expect(slaStatus(c, new Date("2021-10-08T08:59:00+08:00"))).toBe("normal");
    expect(slaStatus(c, warn)).toBe("warning");
    expect(slaStatus(c, due)).toBe("overdue");
  });

  it("is none when the clock does not run or has no due time", () => {
    expect(slaStatus({ state: "handled", handleDueAt: due, warnAt: warn }, due)).toBe("none");
    expect(slaStatus({ state: "dispatched", handleDueAt: null, warnAt: null }, due)).toBe("none");
  });

  it("runs from dispatch until the handler reports back, a pending return included", () => {
    expect(RUNNING_STATES.every(isRunning)).toBe(true);
    expect(["reported", "filed", "handled", "verified", "closed", "voided", "merged"].some(isRunning)).toBe(false);
  });
});
