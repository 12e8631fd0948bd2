import { describe, expect, it } from "vitest";
import { CASE_ACTIONS, CASE_STATES, type CaseAction, type CaseCommand, type CaseRole, type CaseSnapshot, type CaseState } from "./types";
import { ACTION_RULES, availableActions, decide } from "./workflow";

const NOW = new Date("2024-03-15T10:00:00+08:00");
const DAY = 86_400_000;
const OPTIONS = { reopenWindowDays: 15 };
const ALL_ROLES: ReadonlySet<CaseRole> = new Set(["dispatcher", "handler", "reporter", "system"]);
const roles = (...r: CaseRole[]): ReadonlySet<CaseRole> => new Set(r);

function buildSnapshot(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    state: "reported",
    resumeState: null,
    extensionPending: false,
    hasAssignee: false,
    reportedByCaller: false,
    closedAt: null,
    satisfaction: null,
    round: 0,
    reworkCount: 0,
    returnCount: 0,
    extensionCount: 0,
    reopenCount: 0,
    ...overrides,
  };
}

/** A command carrying every field, so only state, role and window can refuse it. */
function fullCommand(action: CaseAction, overrides: Partial<CaseCommand> = {}): CaseCommand {
  return {
    action,
    note: "已清理完毕",
    reason: "不属于本单位职责",
    assigneeChosen: true,
    dueAt: new Date(NOW.getTime() + 3 * DAY),
    satisfaction: "dissatisfied",
    photoCount: 2,
    mainCaseId: "case-main",
    ...overrides,
  };
}

/**
 * The brief's transition table, written out independently of ACTION_RULES:
 * action → from-state → target ("same" keeps the state).
 */
const EXPECTED: Record<CaseAction, Partial<Record<CaseState, CaseState | "same">>> = {
  file: { reported: "filed" },
  void: { reported: "voided", filed: "voided" },
  dispatch: { filed: "dispatched" },
  acknowledge: { dispatched: "acknowledged" },
  start: { acknowledged: "in_progress" },
  handle: { acknowledged: "handled", in_progress: "handled" },
  request_return: { dispatched: "return_requested", acknowledged: "return_requested", in_progress: "return_requested" },
  approve_return: { return_requested: "filed" },
  refuse_return: { return_requested: "acknowledged" }, // the resumeState in the snapshot below
  request_extension: { dispatched: "same", acknowledged: "same", in_progress: "same" },
  approve_extension: { dispatched: "same", acknowledged: "same", in_progress: "same" },
  refuse_extension: { dispatched: "same", acknowledged: "same", in_progress: "same" },
  verify: { handled: "verified" },
  rework: { handled: "in_progress", verified: "in_progress" },
  close: { verified: "closed" },
  self_resolve: { reported: "closed" },
  follow_up: { closed: "closed" },
  rate: { closed: "closed" },
  reopen: { closed: "dispatched" }, // hasAssignee in the snapshot below
  merge: { reported: "merged", filed: "merged" },
  supervise: { dispatched: "same", acknowledged: "same", in_progress: "same", return_requested: "same", handled: "same" },
  comment: Object.fromEntries(CASE_STATES.filter((s) => s !== "voided" && s !== "merged").map((s) => [s, "same"])),
};

/** Who may take each action, independently of ACTION_RULES. */
const EXPECTED_ROLES: Record<CaseAction, CaseRole[]> = {
  file: ["dispatcher"],
  void: ["dispatcher"],
  dispatch: ["dispatcher"],
  acknowledge: ["handler"],
  start: ["handler"],
  handle: ["handler"],
  request_return: ["handler"],
  approve_return: ["dispatcher"],
  refuse_return: ["dispatcher"],
  request_extension: ["handler"],
  approve_extension: ["dispatcher"],
  refuse_extension: ["dispatcher"],
  verify: ["dispatcher"],
  rework: ["dispatcher"],
  close: ["dispatcher"],
  self_resolve: ["handler"],
  follow_up: ["dispatcher"],
  rate: ["reporter"],
  reopen: ["dispatcher", "reporter"],
  merge: ["dispatcher"],
  supervise: ["dispatcher", "system"],
  comment: ["dispatcher", "handler"],
};

/** A snapshot in `state` that satisfies every non-state precondition of `action`. */
function snapshotFor(action: CaseAction, state: CaseState): CaseSnapshot {
  return buildSnapshot({
    state,
    resumeState: "acknowledged",
    extensionPending: action === "approve_extension" || action === "refuse_extension",
    hasAssignee: true,
    reportedByCaller: true,
    closedAt: new Date(NOW.getTime() - DAY),
    satisfaction: "dissatisfied",
    round: 1,
  });
}

const PAIRS = CASE_STATES.flatMap((state) =>
  CASE_ACTIONS.map((action) => {
    const target = EXPECTED[action][state];
    return { state, action, target: target === "same" ? state : target };
  }),
);

describe("decide: every state × action pair", () => {
  it("covers all 11 × 22 pairs", () => {
    expect(PAIRS).toHaveLength(CASE_STATES.length * CASE_ACTIONS.length);
  });

  it.each(PAIRS.filter((p) => p.target !== undefined))("$action from $state succeeds and goes to $target", ({ state, action, target }) => {
    const decision = decide(snapshotFor(action, state), fullCommand(action), ALL_ROLES, NOW, OPTIONS);
    expect(decision).toMatchObject({ ok: true, to: target });
  });

  it.each(PAIRS.filter((p) => p.target === undefined))("$action from $state is an illegal transition", ({ state, action }) => {
    expect(decide(snapshotFor(action, state), fullCommand(action), ALL_ROLES, NOW, OPTIONS)).toEqual({ ok: false, error: "illegal_transition" });
  });

  it("keeps ACTION_RULES.from equal to the transition table the UI shows", () => {
    for (const action of CASE_ACTIONS) expect([...ACTION_RULES[action].from].sort()).toEqual(Object.keys(EXPECTED[action]).sort());
  });
});

describe("decide: extension guard", () => {
  it("refuses a second extension request while one is pending", () => {
    const pending = buildSnapshot({ state: "in_progress", extensionPending: true });
    expect(decide(pending, fullCommand("request_extension"), roles("handler"), NOW, OPTIONS)).toEqual({ ok: false, error: "illegal_transition" });
  });

  it.each(["approve_extension", "refuse_extension"] as const)("refuses %s when no extension is pending", (action) => {
    const idle = buildSnapshot({ state: "in_progress", extensionPending: false });
    expect(decide(idle, fullCommand(action), roles("dispatcher"), NOW, OPTIONS)).toEqual({ ok: false, error: "illegal_transition" });
  });
});

describe("decide: roles", () => {
  const ROLE_CASES = CASE_ACTIONS.flatMap((action) =>
    (["dispatcher", "handler", "reporter", "system"] as const).map((role) => ({ action, role, allowed: EXPECTED_ROLES[action].includes(role) })),
  );

  it.each(ROLE_CASES)("$action by a $role alone: allowed = $allowed", ({ action, role, allowed }) => {
    const state = Object.keys(EXPECTED[action])[0] as CaseState;
    const decision = decide(snapshotFor(action, state), fullCommand(action), roles(role), NOW, OPTIONS);
    expect(decision.ok ? "ok" : decision.error).toBe(allowed ? "ok" : "not_permitted");
  });

  it("lets a handler self-resolve only a case they reported on patrol", () => {
    const byOther = buildSnapshot({ state: "reported", reportedByCaller: false });
    expect(decide(byOther, fullCommand("self_resolve"), roles("handler"), NOW, OPTIONS)).toEqual({ ok: false, error: "not_permitted" });
  });

  it("lets a dispatcher reopen only after a dissatisfied rating", () => {
    const satisfied = buildSnapshot({ state: "closed", closedAt: NOW, satisfaction: "basically_satisfied" });
    expect(decide(satisfied, fullCommand("reopen"), roles("dispatcher"), NOW, OPTIONS)).toEqual({ ok: false, error: "not_permitted" });
    const unrated = buildSnapshot({ state: "closed", closedAt: NOW, satisfaction: null });
    expect(decide(unrated, fullCommand("reopen"), roles("dispatcher"), NOW, OPTIONS)).toEqual({ ok: false, error: "not_permitted" });
  });

  it("lets a dispatcher reopen a dissatisfied case long after the reporter's window, without a reason", () => {
    const old = buildSnapshot({ state: "closed", closedAt: new Date(NOW.getTime() - 90 * DAY), satisfaction: "dissatisfied" });
    expect(decide(old, { action: "reopen" }, roles("dispatcher"), NOW, OPTIONS)).toMatchObject({ ok: true });
  });

  it("checks the state before the role", () => {
    expect(decide(buildSnapshot({ state: "closed" }), fullCommand("dispatch"), roles("reporter"), NOW, OPTIONS)).toEqual({
      ok: false,
      error: "illegal_transition",
    });
  });

  it("checks the role before the fields", () => {
    expect(decide(buildSnapshot({ state: "reported" }), { action: "void" }, roles("handler"), NOW, OPTIONS)).toEqual({
      ok: false,
      error: "not_permitted",
    });
  });
});

describe("decide: required fields", () => {
  const FIELD_CASES: { action: CaseAction; state: CaseState; role: CaseRole; drop: Partial<CaseCommand>; field: string }[] = [
    { action: "void", state: "reported", role: "dispatcher", drop: { reason: null }, field: "reason" },
    { action: "dispatch", state: "filed", role: "dispatcher", drop: { assigneeChosen: false }, field: "assigneeChosen" },
    { action: "dispatch", state: "filed", role: "dispatcher", drop: { assigneeChosen: undefined }, field: "assigneeChosen" },
    { action: "handle", state: "in_progress", role: "handler", drop: { note: "   " }, field: "note" },
    { action: "request_return", state: "dispatched", role: "handler", drop: { reason: "" }, field: "reason" },
    { action: "refuse_return", state: "return_requested", role: "dispatcher", drop: { reason: "\t\n" }, field: "reason" },
    { action: "request_extension", state: "in_progress", role: "handler", drop: { reason: " " }, field: "reason" },
    { action: "request_extension", state: "in_progress", role: "handler", drop: { dueAt: null }, field: "dueAt" },
    { action: "request_extension", state: "in_progress", role: "handler", drop: { dueAt: new Date(Number.NaN) }, field: "dueAt" },
    { action: "approve_extension", state: "in_progress", role: "dispatcher", drop: { dueAt: undefined }, field: "dueAt" },
    { action: "refuse_extension", state: "in_progress", role: "dispatcher", drop: { reason: null }, field: "reason" },
    { action: "rework", state: "handled", role: "dispatcher", drop: { reason: "  " }, field: "reason" },
    { action: "self_resolve", state: "reported", role: "handler", drop: { note: "" }, field: "note" },
    { action: "self_resolve", state: "reported", role: "handler", drop: { photoCount: 0 }, field: "photoIds" },
    { action: "self_resolve", state: "reported", role: "handler", drop: { photoCount: undefined }, field: "photoIds" },
    { action: "follow_up", state: "closed", role: "dispatcher", drop: { satisfaction: null }, field: "satisfaction" },
    { action: "rate", state: "closed", role: "reporter", drop: { satisfaction: undefined }, field: "satisfaction" },
    { action: "reopen", state: "closed", role: "reporter", drop: { reason: " " }, field: "reason" },
    { action: "merge", state: "filed", role: "dispatcher", drop: { mainCaseId: " " }, field: "mainCaseId" },
    { action: "supervise", state: "handled", role: "system", drop: { note: null }, field: "note" },
    { action: "comment", state: "closed", role: "handler", drop: { note: "" }, field: "note" },
  ];

  it.each(FIELD_CASES)("$action with $field blank or absent is missing_field $field", ({ action, state, role, drop, field }) => {
    const decision = decide(snapshotFor(action, state), fullCommand(action, drop), roles(role), NOW, OPTIONS);
    expect(decision).toEqual({ ok: false, error: "missing_field", field });
  });

  it("reports the first missing field in the documented order", () => {
    const decision = decide(snapshotFor("request_extension", "in_progress"), { action: "request_extension" }, roles("handler"), NOW, OPTIONS);
    expect(decision).toEqual({ ok: false, error: "missing_field", field: "reason" });
  });

  it("needs nothing but the action for steps without fields", () => {
    for (const [action, state] of [
      ["file", "reported"],
      ["acknowledge", "dispatched"],
      ["start", "acknowledged"],
      ["approve_return", "return_requested"],
      ["verify", "handled"],
      ["close", "verified"],
    ] as const) {
      const role = EXPECTED_ROLES[action][0]!;
      expect(decide(buildSnapshot({ state }), { action }, roles(role), NOW, OPTIONS)).toMatchObject({ ok: true });
    }
  });

  it("checks the fields before the window", () => {
    const late = buildSnapshot({ state: "closed", closedAt: new Date(NOW.getTime() - 30 * DAY) });
    expect(decide(late, { action: "rate" }, roles("reporter"), NOW, OPTIONS)).toEqual({ ok: false, error: "missing_field", field: "satisfaction" });
  });
});

describe("decide: changes and clock", () => {
  const ok = (snapshot: CaseSnapshot, command: CaseCommand, r: ReadonlySet<CaseRole>) => {
    const decision = decide(snapshot, command, r, NOW, OPTIONS);
    if (!decision.ok) throw new Error(`expected ok, got ${decision.error}`);
    return decision;
  };

  it("starts a new round and clock on dispatch", () => {
    expect(ok(buildSnapshot({ state: "filed", round: 2 }), fullCommand("dispatch"), roles("dispatcher"))).toEqual({
      ok: true,
      to: "dispatched",
      changes: { round: 3 },
      startsClock: true,
      stopsClock: false,
    });
  });

  it.each([
    ["void", "reported", "dispatcher"],
    ["handle", "in_progress", "handler"],
    ["approve_return", "return_requested", "dispatcher"],
    ["close", "verified", "dispatcher"],
    ["self_resolve", "reported", "handler"],
    ["merge", "filed", "dispatcher"],
  ] as const)("stops the clock on %s", (action, state, role) => {
    expect(ok(snapshotFor(action, state), fullCommand(action), roles(role))).toMatchObject({ stopsClock: true, startsClock: false });
  });

  it.each([
    ["file", "reported", "dispatcher"],
    ["acknowledge", "dispatched", "handler"],
    ["start", "acknowledged", "handler"],
    ["request_return", "in_progress", "handler"],
    ["refuse_return", "return_requested", "dispatcher"],
    ["request_extension", "in_progress", "handler"],
    ["approve_extension", "in_progress", "dispatcher"],
    ["refuse_extension", "in_progress", "dispatcher"],
    ["verify", "handled", "dispatcher"],
    ["rework", "handled", "dispatcher"],
    ["follow_up", "closed", "dispatcher"],
    ["rate", "closed", "reporter"],
    ["supervise", "in_progress", "system"],
    ["comment", "filed", "handler"],
  ] as const)("leaves the clock alone on %s", (action, state, role) => {
    expect(ok(snapshotFor(action, state), fullCommand(action), roles(role))).toMatchObject({ stopsClock: false, startsClock: false });
  });

  it("remembers the state a return was requested from", () => {
    expect(ok(buildSnapshot({ state: "acknowledged" }), fullCommand("request_return"), roles("handler")).changes).toEqual({ resumeState: "acknowledged" });
  });

  it("sends an approved return back to filed, counting it and clearing resumeState", () => {
    const decision = ok(buildSnapshot({ state: "return_requested", resumeState: "in_progress", returnCount: 1 }), { action: "approve_return" }, roles("dispatcher"));
    expect(decision).toMatchObject({ to: "filed", changes: { returnCount: 2, resumeState: null } });
  });

  it("sends a refused return back to the state before the request", () => {
    const decision = ok(buildSnapshot({ state: "return_requested", resumeState: "dispatched" }), fullCommand("refuse_return"), roles("dispatcher"));
    expect(decision).toMatchObject({ to: "dispatched", changes: { resumeState: null } });
  });

  it("sends a refused return to in_progress when the earlier state is unknown", () => {
    const decision = ok(buildSnapshot({ state: "return_requested", resumeState: null }), fullCommand("refuse_return"), roles("dispatcher"));
    expect(decision.to).toBe("in_progress");
  });

  it("marks an extension pending, then counts an approved one and clears the flag", () => {
    const requested = ok(buildSnapshot({ state: "acknowledged" }), fullCommand("request_extension"), roles("handler"));
    expect(requested).toMatchObject({ to: "acknowledged", changes: { extensionPending: true } });
    const pending = buildSnapshot({ state: "acknowledged", extensionPending: true, extensionCount: 1 });
    expect(ok(pending, fullCommand("approve_extension"), roles("dispatcher")).changes).toEqual({ extensionPending: false, extensionCount: 2 });
    expect(ok(pending, fullCommand("refuse_extension"), roles("dispatcher")).changes).toEqual({ extensionPending: false });
  });

  it("counts a rework and keeps the round's clock (no new clock)", () => {
    expect(ok(buildSnapshot({ state: "verified", reworkCount: 2 }), fullCommand("rework"), roles("dispatcher"))).toEqual({
      ok: true,
      to: "in_progress",
      changes: { reworkCount: 3 },
      startsClock: false,
      stopsClock: false,
    });
  });

  it("stamps closedAt on close and on self-resolve", () => {
    expect(ok(buildSnapshot({ state: "verified" }), { action: "close" }, roles("dispatcher")).changes).toEqual({ closedAt: NOW });
    const patrol = buildSnapshot({ state: "reported", reportedByCaller: true });
    expect(ok(patrol, fullCommand("self_resolve"), roles("handler")).changes).toEqual({ closedAt: NOW });
  });

  it("records the satisfaction of a follow-up and of the reporter's rating", () => {
    const closed = buildSnapshot({ state: "closed", closedAt: NOW });
    expect(ok(closed, fullCommand("follow_up", { satisfaction: "satisfied" }), roles("dispatcher")).changes).toEqual({ satisfaction: "satisfied" });
    expect(ok(closed, fullCommand("rate", { satisfaction: "basically_satisfied" }), roles("reporter")).changes).toEqual({
      satisfaction: "basically_satisfied",
    });
  });

  it("reopens to the earlier handler with a new round and clock", () => {
    const closed = buildSnapshot({ state: "closed", closedAt: NOW, satisfaction: "dissatisfied", hasAssignee: true, round: 1, reopenCount: 0 });
    expect(ok(closed, fullCommand("reopen"), roles("reporter"))).toEqual({
      ok: true,
      to: "dispatched",
      changes: { reopenCount: 1, satisfaction: null, closedAt: null, round: 2 },
      startsClock: true,
      stopsClock: false,
    });
  });

  it("reopens to filed, without a clock, when nobody was assigned", () => {
    const closed = buildSnapshot({ state: "closed", closedAt: NOW, satisfaction: "dissatisfied", hasAssignee: false, round: 0, reopenCount: 2 });
    expect(ok(closed, fullCommand("reopen"), roles("dispatcher"))).toEqual({
      ok: true,
      to: "filed",
      changes: { reopenCount: 3, satisfaction: null, closedAt: null },
      startsClock: false,
      stopsClock: false,
    });
  });
});

describe("decide: the reporter's window after closure", () => {
  const closedAt = new Date("2024-03-01T15:30:00+08:00");
  const closed = buildSnapshot({ state: "closed", closedAt, hasAssignee: true });
  const atBoundary = new Date(closedAt.getTime() + OPTIONS.reopenWindowDays * DAY);
  const justAfter = new Date(atBoundary.getTime() + 1);

  it.each(["reopen", "rate"] as const)("allows %s exactly reopenWindowDays after closure", (action) => {
    expect(decide(closed, fullCommand(action), roles("reporter"), atBoundary, OPTIONS)).toMatchObject({ ok: true });
  });

  it.each(["reopen", "rate"] as const)("refuses %s one millisecond after the window", (action) => {
    expect(decide(closed, fullCommand(action), roles("reporter"), justAfter, OPTIONS)).toEqual({ ok: false, error: "window_passed" });
  });

  it("treats a closed case without closedAt as outside the window", () => {
    const undated = buildSnapshot({ state: "closed", closedAt: null });
    expect(decide(undated, fullCommand("rate"), roles("reporter"), NOW, OPTIONS)).toEqual({ ok: false, error: "window_passed" });
  });
});

describe("availableActions", () => {
  it("offers a dispatcher void, dispatch, merge and comment on a filed case", () => {
    expect(availableActions(buildSnapshot({ state: "filed" }), roles("dispatcher"), NOW, OPTIONS)).toEqual(["void", "dispatch", "merge", "comment"]);
  });

  it("offers a handler acknowledge, return, extension and comment on a dispatched case", () => {
    expect(availableActions(buildSnapshot({ state: "dispatched" }), roles("handler"), NOW, OPTIONS)).toEqual([
      "acknowledge",
      "request_return",
      "request_extension",
      "comment",
    ]);
  });

  it("offers a dispatcher the extension decision, supervision and comment while an extension is pending", () => {
    const pending = buildSnapshot({ state: "in_progress", extensionPending: true });
    expect(availableActions(pending, roles("dispatcher"), NOW, OPTIONS)).toEqual(["approve_extension", "refuse_extension", "supervise", "comment"]);
  });

  it("offers a handler self-resolve only on a case they reported on patrol", () => {
    expect(availableActions(buildSnapshot({ state: "reported", reportedByCaller: true }), roles("handler"), NOW, OPTIONS)).toEqual(["self_resolve", "comment"]);
    expect(availableActions(buildSnapshot({ state: "reported" }), roles("handler"), NOW, OPTIONS)).toEqual(["comment"]);
  });

  it("offers a reporter rate and reopen within the window and nothing after it", () => {
    const closed = buildSnapshot({ state: "closed", closedAt: new Date(NOW.getTime() - DAY) });
    expect(availableActions(closed, roles("reporter"), NOW, OPTIONS)).toEqual(["rate", "reopen"]);
    const old = buildSnapshot({ state: "closed", closedAt: new Date(NOW.getTime() - 16 * DAY) });
    expect(availableActions(old, roles("reporter"), NOW, OPTIONS)).toEqual([]);
  });

  it("offers a reporter nothing on an open case", () => {
    expect(availableActions(buildSnapshot({ state: "in_progress" }), roles("reporter"), NOW, OPTIONS)).toEqual([]);
  });

  it("offers a dispatcher reopen on a closed case only after a dissatisfied rating", () => {
    const satisfied = buildSnapshot({ state: "closed", closedAt: NOW, satisfaction: "satisfied" });
    expect(availableActions(satisfied, roles("dispatcher"), NOW, OPTIONS)).toEqual(["follow_up", "comment"]);
    const dissatisfied = { ...satisfied, satisfaction: "dissatisfied" as const };
    expect(availableActions(dissatisfied, roles("dispatcher"), NOW, OPTIONS)).toEqual(["follow_up", "reopen", "comment"]);
  });
});
