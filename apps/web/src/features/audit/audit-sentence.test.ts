import { describe, expect, it } from "vitest";
import { auditSentence, auditSubject } from "./audit-sentence";

const entry = (action: string, entityType: string, after: unknown = null, before: unknown = null) => ({ action, entityType, entityId: "0123456789abcdef", after, before });

describe("auditSentence", () => {
  it("says what a case step did, with the case's number", () => {
    expect(auditSentence(entry("case.dispatch", "case", { number: "XH-2021-000123" }), "zh-CN")).toEqual({ before: "派遣了案件 ", subject: "XH-2021-000123", after: "", isKnown: true });
    expect(auditSentence(entry("case.dispatch", "case", { number: "XH-2021-000123" }), "en")).toEqual({ before: "dispatched case ", subject: "XH-2021-000123", after: "", isKnown: true });
    expect(auditSentence(entry("case.handle", "case", { number: "XH-2021-000123" }), "zh-CN")).toMatchObject({ before: "反馈了案件 ", after: " 的处置结果" });
  });

  it("builds sentences for other records from the entity and the verb", () => {
    expect(auditSentence(entry("role.update", "role", { code: "grid_worker", name: "网格员" }), "en")).toMatchObject({ before: "updated role ", subject: "网格员" });
    expect(auditSentence(entry("user.create", "user", { username: "admin" }), "zh-CN")).toMatchObject({ before: "新建了用户 ", subject: "admin" });
    expect(auditSentence(entry("unit.contacts.unmask", "unit", null, { name: "上海博达市政养护" }), "en")).toMatchObject({ before: "revealed the contacts of unit ", subject: "上海博达市政养护" });
  });

  it("drops the subject where a sentence has none, and keeps the code of an action it does not know", () => {
    expect(auditSentence(entry("auth.login", "user"), "en")).toEqual({ before: "signed in", subject: null, after: "", isKnown: true });
    expect(auditSentence(entry("widget.frobnicate", "widget"), "en")).toMatchObject({ before: "widget.frobnicate", isKnown: false });
  });
});

describe("auditSubject", () => {
  it("prefers a number or a name to the id", () => {
    expect(auditSubject(entry("x.update", "x", { number: "XH-1", name: "n" }))).toBe("XH-1");
    expect(auditSubject(entry("x.update", "x", {}))).toBe("01234567");
  });
});
