import { readFileSync } from "node:fs";
import { expectedOrgKind, isValidIdNumber, isValidUscc, PARTY_ORG_KINDS } from "@caihong/contracts/constants";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGridIndex } from "../geo/grid-index";
import { pointInGeometry } from "../geo/polygon";
import type { GridGeometry } from "../geo/types";
import { DEMO_MARK } from "./xinhong-grids";
import { generateXinhongNetwork, partyOrgNameFor, type NetworkGrid, type XinhongNetwork } from "./xinhong-network";

const collection = JSON.parse(readFileSync(new URL("../../../../data/demo/xinhong/grids.geojson", import.meta.url), "utf8")) as {
  features: { properties: Omit<NetworkGrid, "geometry">; geometry: GridGeometry }[];
};
const grids: NetworkGrid[] = collection.features.map((f) => ({ ...f.properties, geometry: f.geometry }));
const gridByCode = new Map(grids.map((g) => [g.code, g]));

let net: XinhongNetwork;
beforeAll(() => {
  net = generateXinhongNetwork(grids);
});

const atLevel = (level: number) => grids.filter((g) => g.level === level);

describe("generateXinhongNetwork", () => {
  it("gives every one of the 181 grids exactly one organisation of the kind its level and type ask for", () => {
    expect(net.orgs).toHaveLength(181);
    expect(new Set(net.orgs.map((o) => o.gridCode))).toEqual(new Set(grids.map((g) => g.code)));
    for (const o of net.orgs) {
      const g = gridByCode.get(o.gridCode)!;
      expect(o.kind, g.name).toBe(expectedOrgKind(g.level, g.type));
    }
    const byKind = Object.fromEntries(PARTY_ORG_KINDS.map((k) => [k, net.orgs.filter((o) => o.kind === k).length]));
    expect(byKind.community_committee).toBe(1);
    expect(byKind.disposal_council).toBe(4);
    expect(byKind.community_branch! + byKind.street_branch!).toBe(29);
    expect(byKind.street_branch).toBe(atLevel(3).filter((g) => g.type === "street_front").length);
    expect(byKind.responsibility_zone).toBe(147);
  });

  it("names organisations after their grids, marking those of invented grids and only those", () => {
    const names = new Set(net.orgs.map((o) => o.name));
    for (const name of ["新虹街道社区党委", "爱博片区处置网格党建议事会", "枢纽片区处置网格党建议事会", "申贵路居委党总支", "申长路街面党组织", "虹桥火车站工作站党支部", "爱博一村第1微网格党员责任区"]) {
      expect(names.has(name), name).toBe(true);
    }
    for (const o of net.orgs) {
      const g = gridByCode.get(o.gridCode)!;
      expect(o.isDemo, o.name).toBe(g.isDemo);
      expect(o.name.endsWith(DEMO_MARK), o.name).toBe(g.isDemo);
      expect(o.name.length).toBeLessThanOrEqual(80);
    }
    expect(partyOrgNameFor({ name: "新虹村村委（示例）", level: 3, type: "village_committee" }, true)).toBe("新虹村党总支（示例）");
  });

  it("is deterministic: the same grids give identical output, whatever their order", () => {
    expect(generateXinhongNetwork(structuredClone(grids))).toEqual(net);
    expect(generateXinhongNetwork([...grids].reverse())).toEqual(net);
  });

  it("does not mutate its input", () => {
    const copy = structuredClone(grids);
    generateXinhongNetwork(copy);
    expect(copy).toEqual(grids);
  });

  it("invents 800–1,200 visibly demo people with unique valid phones and ID numbers matching birth and gender", () => {
    expect(net.people.length).toBeGreaterThanOrEqual(800);
    expect(net.people.length).toBeLessThanOrEqual(1200);
    const contactPhones = net.units.flatMap((u) => u.contacts.map((c) => c.phone));
    const phones = [...net.people.map((p) => p.phone), ...contactPhones];
    // Council members drawn from units share their contact's phone; everyone else is distinct.
    expect(new Set(net.people.map((p) => p.phone)).size).toBe(net.people.length);
    expect(new Set(contactPhones).size).toBe(contactPhones.length);
    for (const phone of phones) expect(phone).toMatch(/^1390\d{7}$/);
    expect(new Set(net.people.map((p) => p.idNumber)).size).toBe(net.people.length);
    expect(new Set(net.people.map((p) => p.key)).size).toBe(net.people.length);
    for (const p of net.people) {
      expect(p.isDemo).toBe(true);
      expect(isValidIdNumber(p.idNumber), p.idNumber).toBe(true);
      expect(p.idNumber.slice(0, 6)).toBe("310112");
      expect(Number(p.idNumber.slice(6, 10))).toBe(p.birthYear);
      expect(Number(p.idNumber[16]) % 2, p.idNumber).toBe(p.gender === "male" ? 1 : 0);
      expect(p.birthYear).toBeGreaterThanOrEqual(1950);
      expect(p.birthYear).toBeLessThanOrEqual(2000);
      expect(gridByCode.has(p.homeGridCode)).toBe(true);
      expect(p.name.length).toBeLessThanOrEqual(40);
    }
  });

  it("has members join the party after their 18th birthday, and join organisations after joining the party", () => {
    const byKey = new Map(net.people.map((p) => [p.key, p]));
    for (const p of net.people) {
      expect(p.joinedPartyOn !== null, p.key).toBe(p.isPartyMember);
      if (!p.joinedPartyOn) continue;
      const birth = `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`;
      const eighteen = `${Number(birth.slice(0, 4)) + 18}${birth.slice(4)}`;
      expect(p.joinedPartyOn >= eighteen, `${p.key} born ${birth} joined ${p.joinedPartyOn}`).toBe(true);
      expect(p.joinedPartyOn <= "2024-12-31").toBe(true);
    }
    for (const m of net.memberships) {
      const p = byKey.get(m.personKey)!;
      expect(p.isPartyMember && !p.isFloatingMember, m.personKey).toBe(true);
      expect(m.fromDate >= p.joinedPartyOn!, `${m.personKey} ${m.fromDate}`).toBe(true);
      expect(gridByCode.has(m.orgGridCode)).toBe(true);
    }
  });

  it("records floating members (流动党员) with where their membership is held, marked as invented", () => {
    const floating = net.people.filter((p) => p.isFloatingMember);
    expect(floating.length).toBeGreaterThan(10);
    for (const p of floating) {
      expect(p.isPartyMember).toBe(true);
      expect(p.membershipElsewhere).toMatch(/（示例）$/);
    }
    expect(net.people.filter((p) => !p.isFloatingMember).every((p) => p.membershipElsewhere === null)).toBe(true);
  });

  it("gives every level-1 to level-3 organisation one secretary and every 党员责任区 one or two responsible members", () => {
    for (const o of net.orgs) {
      const roles = net.memberships.filter((m) => m.orgGridCode === o.gridCode).map((m) => m.role);
      if (o.kind === "responsibility_zone") {
        expect(roles.filter((r) => r === "responsible").length, o.name).toBeGreaterThanOrEqual(1);
        expect(roles.filter((r) => r === "responsible").length, o.name).toBeLessThanOrEqual(2);
        expect(roles).not.toContain("secretary");
      } else {
        expect(roles.filter((r) => r === "secretary"), o.name).toEqual(["secretary"]);
      }
      expect(roles.filter((r) => r === "member").length, o.name).toBeGreaterThanOrEqual(1);
    }
  });

  it("staffs the grids: a 网格长 per disposal and autonomous grid, a 网格员 per micro grid, the council's 1+4+N, one post per person", () => {
    const posts = (code: string) => net.staffAssignments.filter((s) => s.gridCode === code).map((s) => s.post);
    for (const g of atLevel(2)) {
      const p = posts(g.code);
      expect(p.filter((x) => x === "grid_head"), g.name).toHaveLength(1);
      expect(p.filter((x) => x === "community_police"), g.name).toHaveLength(1);
      expect(p.filter((x) => x === "city_ops"), g.name).toHaveLength(1);
      // Convener, party-affairs officer and N members from units in the grid.
      expect(p.filter((x) => x === "council_member").length, g.name).toBeGreaterThanOrEqual(5);
    }
    for (const g of atLevel(3)) expect(posts(g.code).filter((x) => x === "grid_head"), g.name).toHaveLength(1);
    for (const g of atLevel(4)) expect(posts(g.code), g.name).toEqual(["grid_worker"]);
    const holders = net.staffAssignments.map((s) => s.personKey);
    expect(new Set(holders).size).toBe(holders.length);
  });

  it("seats unit representatives on each council, drawn from units inside that disposal grid", () => {
    const byKey = new Map(net.people.map((p) => [p.key, p]));
    for (const g of atLevel(2)) {
      const fromUnits = net.staffAssignments
        .filter((s) => s.gridCode === g.code && s.post === "council_member")
        .map((s) => byKey.get(s.personKey)!)
        .filter((p) => p.note?.startsWith("驻区单位"));
      expect(fromUnits.length, g.name).toBeGreaterThanOrEqual(3);
      for (const p of fromUnits) {
        const unit = net.units.find((u) => u.contacts[0]?.phone === p.phone)!;
        expect(unit, p.name).toBeDefined();
        expect(unit.gridCode.startsWith(g.code), `${unit.name} in ${g.name}`).toBe(true);
      }
    }
  });

  it("places ~120 units at points inside the micro grid they name, as the grid index locates them", () => {
    expect(net.units.length).toBeGreaterThanOrEqual(100);
    expect(net.units.length).toBeLessThanOrEqual(140);
    const index = buildGridIndex(atLevel(4).map((g) => ({ id: g.code, geometry: g.geometry! })));
    for (const u of net.units) {
      expect(gridByCode.get(u.gridCode)?.level, u.name).toBe(4);
      expect(pointInGeometry(u.lng, u.lat, gridByCode.get(u.gridCode)!.geometry!), u.name).toBe(true);
      expect(index.locate(u.lng, u.lat), u.name).toBe(u.gridCode);
    }
    const station = net.units.find((u) => u.name === "虹桥火车站")!;
    expect(gridByCode.get(gridByCode.get(station.gridCode)!.parentCode!)!.name).toBe("虹桥火车站工作站");
  });

  it("keeps real units unmarked and without a credit code, and marks and codes invented ones", () => {
    const real = net.units.filter((u) => !u.isDemo).map((u) => u.name);
    expect(real).toEqual(expect.arrayContaining(["虹桥火车站", "龙湖虹桥天街", "虹桥新地中心", "申虹国际大厦", "新虹街道办事处", "上海市人工智能技术协会"]));
    for (const u of net.units) {
      expect(u.name.endsWith(DEMO_MARK), u.name).toBe(u.isDemo);
      if (!u.isDemo) expect(u.uscc, u.name).toBeNull();
      if (u.uscc !== null) expect(isValidUscc(u.uscc), u.uscc).toBe(true);
      if (u.partyOrgName !== null) {
        expect(u.isDemo).toBe(true);
        expect(u.partyOrgName.endsWith(DEMO_MARK)).toBe(true);
        expect(u.partyMemberCount).toBeGreaterThan(0);
      }
      expect(u.contacts.length).toBeGreaterThanOrEqual(1);
      expect(u.contacts.length).toBeLessThanOrEqual(2);
      // Contacts of a real unit are invented people: their names carry the mark.
      if (!u.isDemo) for (const c of u.contacts) expect(c.name.endsWith(DEMO_MARK), c.name).toBe(true);
    }
    const codes = net.units.flatMap((u) => (u.uscc ? [u.uscc] : []));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(80);
    // Shared-bike brands are real, their local branches invented: marked, no code.
    for (const u of net.units.filter((x) => x.kind === "bike_operator")) expect(u).toMatchObject({ isDemo: true, uscc: null });
  });

  it("gives about a third of the units a 两新 party organisation and covers every unit kind", () => {
    const withOrg = net.units.filter((u) => u.partyOrgName).length;
    expect(withOrg / net.units.length).toBeGreaterThan(0.25);
    expect(withOrg / net.units.length).toBeLessThan(0.45);
    expect(new Set(net.units.map((u) => u.kind))).toEqual(new Set(["enterprise", "office_project", "apartment_operator", "bike_operator", "association", "school", "government"]));
    expect(net.units.filter((u) => u.kind === "office_project")).toHaveLength(20);
  });

  it("works on a tree without boundaries: organisations and people, no units", () => {
    const bare = grids.filter((g) => g.level <= 3).map((g) => ({ ...g, geometry: null }));
    const out = generateXinhongNetwork(bare);
    expect(out.orgs).toHaveLength(34);
    expect(out.units).toEqual([]);
    expect(out.people.length).toBeGreaterThan(0);
  });

  it("refuses a grid below level 4, which carries no organisation", () => {
    expect(() => generateXinhongNetwork([{ code: "1", name: "x", level: 5, type: "street_front", parentCode: null, geometry: null }])).toThrow(/level 5/);
  });
});
