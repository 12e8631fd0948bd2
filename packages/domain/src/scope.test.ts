import { describe, expect, it } from "vitest";
import { isInScope, isScopeWithin, resolveScope, type Grant } from "./scope";

const perms = (...p: string[]) => new Set(p);
const root = "/r/";
const aibo = "/r/aibo/";
const aiboA = "/r/aibo/a/";
const huamei = "/r/huamei/";

describe("resolveScope", () => {
  it("gives none when no grant carries the permission", () => {
    expect(resolveScope([{ permissions: perms("x"), scope: "all", gridId: null, gridPath: null }], "y", "u1")).toEqual({ kind: "none" });
  });

  it("lets an all grant win over every narrower grant", () => {
    const grants: Grant[] = [
      { permissions: perms("p"), scope: "grid", gridId: "a", gridPath: aiboA },
      { permissions: perms("p"), scope: "all", gridId: null, gridPath: null },
    ];
    expect(resolveScope(grants, "p", "u1")).toEqual({ kind: "all" });
  });

  it("unions subtrees, drops nested ones, and keeps own records only with an own grant", () => {
    const grants: Grant[] = [
      { permissions: perms("p"), scope: "subtree", gridId: "aibo", gridPath: aibo },
      { permissions: perms("p"), scope: "subtree", gridId: "a", gridPath: aiboA },
      { permissions: perms("p"), scope: "grid", gridId: "a", gridPath: aiboA },
      { permissions: perms("p"), scope: "grid", gridId: "h", gridPath: huamei },
    ];
    expect(resolveScope(grants, "p", "u1")).toEqual({ kind: "limited", subtreePaths: [aibo], gridIds: ["h"], ownerId: null });
    const withOwn = [...grants, { permissions: perms("p"), scope: "own" as const, gridId: null, gridPath: null }];
    expect(resolveScope(withOwn, "p", "u1")).toMatchObject({ ownerId: "u1" });
  });
});

describe("isInScope", () => {
  const scope = resolveScope([{ permissions: perms("p"), scope: "subtree", gridId: "aibo", gridPath: aibo }], "p", "u1");
  it("accepts a record in the subtree and refuses a sibling's", () => {
    expect(isInScope(scope, { gridPath: aiboA, gridId: "a", ownerId: null })).toBe(true);
    expect(isInScope(scope, { gridPath: huamei, gridId: "huamei", ownerId: null })).toBe(false);
    expect(isInScope(scope, { gridPath: root, gridId: "r", ownerId: null })).toBe(false);
  });
  it("refuses a record without a grid unless it is the holder's own", () => {
    expect(isInScope(scope, { gridPath: null, gridId: null, ownerId: "u1" })).toBe(false);
    const own = resolveScope([{ permissions: perms("p"), scope: "own", gridId: null, gridPath: null }], "p", "u1");
    expect(isInScope(own, { gridPath: null, gridId: null, ownerId: "u1" })).toBe(true);
    expect(isInScope(own, { gridPath: null, gridId: null, ownerId: "u2" })).toBe(false);
  });
});

describe("isScopeWithin", () => {
  const outer = resolveScope([{ permissions: perms("p"), scope: "subtree", gridId: "aibo", gridPath: aibo }], "p", "u1");
  it("lets a subtree holder grant inside their subtree but not all or a sibling", () => {
    expect(isScopeWithin(outer, { scope: "grid", gridId: "a", gridPath: aiboA })).toBe(true);
    expect(isScopeWithin(outer, { scope: "subtree", gridId: "aibo", gridPath: aibo })).toBe(true);
    expect(isScopeWithin(outer, { scope: "all", gridId: null, gridPath: null })).toBe(false);
    expect(isScopeWithin(outer, { scope: "subtree", gridId: "huamei", gridPath: huamei })).toBe(false);
  });
});
