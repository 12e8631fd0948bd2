import { GRID_LEVEL } from "../grids/levels";
import {
  expectedOrgKind,
  withIdCheck,
  withUsccCheck,
  type TMembershipRole,
  type TPartyOrgKind,
  type TStaffPost,
  type TUnitKind,
} from "@caihong/contracts/constants";
import { toWgs84 } from "../geo/coords";
import { bboxOf, pointInGeometry } from "../geo/polygon";
import { createRng } from "../geo/random";
import type { GridGeometry, Position } from "../geo/types";
import { DEMO_MARK, HONGQIAO_STATION_GCJ02, XINHONG_SEED } from "./xinhong-grids";

// The Xinhong demo party network on the grid tree: one party organisation per grid, the people in
// it (party members, responsible members of the 党员责任区, grid staff, council members) and the
// units in the area (驻区单位). Pure and seeded: the same grids give the same records.
//
// What is real and what is invented (../shared/reference/xinhong-geo.md, xinhong-article-2021.txt):
// organisation names derived from real grid names, and the units named in those sources (虹桥火车站,
// the office projects of the business-district core, 方隅, the sub-district office, the 城运中心,
// 上海市人工智能技术协会), are real and carry no mark, with no credit code (none is in the sources)
// and locations estimated on the demo grids. Every person, every other unit and every local branch
// of a real brand is invented: `isDemo: true` and, for names of organisations and units, "（示例）".
// People's names stay plain (the UI tags them 示例 from `isDemo`); phones are 11-digit numbers in
// the obviously fake 139 0000 xxxx block and ID numbers are 310112 + birth date + sequence with a
// valid check digit.

/** One grid as the generator reads it (a row of the tree or a feature of grids.geojson). */
export interface NetworkGrid {
  code: string;
  /** Chinese name; invented names end with "（示例）". */
  name: string;
  level: number;
  type: string;
  parentCode: string | null;
  /** Invented grid; when absent, read from the name's "（示例）". */
  isDemo?: boolean;
  /** WGS84 boundary; units are placed only in micro grids that have one. */
  geometry: GridGeometry | null;
}

/** The party organisation of one grid. */
export interface DemoPartyOrg {
  /** The grid it is bound to (one-to-one); also its key. */
  gridCode: string;
  name: string;
  kind: TPartyOrgKind;
  /** True when the name is derived from an invented grid name (it then ends with "（示例）"). */
  isDemo: boolean;
  /** ISO date; only invented organisations get one. */
  foundedOn: string | null;
}

/** An invented person (always `isDemo`). */
export interface DemoPerson {
  /** Stable key within the generated set: P0001, P0002, … */
  key: string;
  name: string;
  gender: "male" | "female";
  birthYear: number;
  /** 11 digits, 139 0000 xxxx (unique). */
  phone: string;
  /** 18 characters: 310112 + birth date + sequence + check (unique). */
  idNumber: string;
  isPartyMember: boolean;
  /** ISO date, after the 18th birthday; null for non-members. */
  joinedPartyOn: string | null;
  /** 流动党员: lives here, membership held elsewhere. */
  isFloatingMember: boolean;
  membershipElsewhere: string | null;
  /** Home grid (drives grid scope over people). */
  homeGridCode: string;
  /** What the person does in the network, e.g. "公安网格长，议事会主任". */
  note: string | null;
  isDemo: true;
}

/** A current membership of a person in the organisation of a grid. */
export interface DemoMembership {
  orgGridCode: string;
  personKey: string;
  role: TMembershipRole;
  fromDate: string;
}

/** A current staff post of a person on a grid (one post per person). */
export interface DemoStaffAssignment {
  gridCode: string;
  personKey: string;
  post: TStaffPost;
  fromDate: string;
}

/** A contact person of a unit (invented; on a real unit the name carries "（示例）"). */
export interface DemoUnitContact {
  name: string;
  title: string;
  phone: string;
}

/** A unit in the area (驻区单位), placed at a WGS84 point inside its micro grid. */
export interface DemoUnit {
  /** Stable key: U001, U002, … */
  key: string;
  name: string;
  kind: TUnitKind;
  /** Generated (valid check character) for invented units only; null for real ones. */
  uscc: string | null;
  address: string | null;
  lng: number;
  lat: number;
  /** The micro grid containing (lng, lat). */
  gridCode: string;
  /** Its own party organisation (两新党组织), for about a third of the units. */
  partyOrgName: string | null;
  partyMemberCount: number | null;
  note: string | null;
  isDemo: boolean;
  contacts: DemoUnitContact[];
}

/** The whole generated network. */
export interface XinhongNetwork {
  orgs: DemoPartyOrg[];
  people: DemoPerson[];
  memberships: DemoMembership[];
  staffAssignments: DemoStaffAssignment[];
  units: DemoUnit[];
}

/** Membership and post dates end here, so every demo record is in the past of any test clock. */
const LAST_DAY = "2024-12-31";
/** The 2021 report's date: 党员责任区 responsible members and councils start no earlier than 2020. */
const COUNCIL_FROM = "2020-01-01";

/** Where floating members (流动党员) hold their membership: invented, and marked so. */
const ELSEWHERE = [
  "安徽省合肥市某社区党支部（示例）",
  "江苏省南通市某村党支部（示例）",
  "浙江省嘉兴市某企业党支部（示例）",
  "河南省信阳市某乡镇党委（示例）",
  "江西省上饶市某社区党支部（示例）",
  "湖北省武汉市某高校学生党支部（示例）",
  "四川省成都市某街道党工委（示例）",
  "山东省临沂市某村党支部（示例）",
  "湖南省长沙市某企业党委（示例）",
  "福建省福州市某社区党支部（示例）",
] as const;

const SURNAMES = Array.from(
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严戴莫孔汤倪施",
);
const GIVEN: Record<"male" | "female", string[]> = {
  male: Array.from("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国文志海峰晨东亮成博立新春晓振"),
  female: Array.from("芳娜敏静丽艳娟霞燕玲英慧莹雪琳晶洁颖倩婷萍红月梅兰琴云莉欣佳悦怡雯蕾璐秀华晓丹"),
};

/** Roads at or in the sub-district (xinhong-geo.md): street addresses of invented units. */
const ROADS = ["申贵路", "申长路", "申滨路", "申滨南路", "申昆路", "天山西路", "宁虹路", "润虹路", "扬虹路", "建虹路", "华翔路"] as const;

// ---------------------------------------------------------------------------------------------
// Seeded draws and dates

interface Draw {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** A seeded stream per purpose: FNV-1a of the label mixed with the tree's base seed. */
function drawFor(label: string): Draw {
  let h = 0x811c9dc5 ^ XINHONG_SEED;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const next = createRng(h >>> 0);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (items) => items[int(0, items.length - 1)]!, chance: (p) => next() < p };
}

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A date between two ISO dates (inclusive); `from` after `to` gives `to`. */
function dateBetween(d: Draw, from: string, to: string): string {
  const a = dayOf(from);
  const b = dayOf(to);
  return a >= b ? to : isoOf(d.int(a, b));
}

const later = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** The same calendar day `years` later (29 February → 1 March). */
function plusYears(iso: string, years: number): string {
  const [y, m, day] = iso.split("-").map(Number) as [number, number, number];
  return isoOf(Date.UTC(y + years, m - 1, day) / DAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Unique identifiers

/**
 * Phones in the block 139 0000 xxxx (then 139 0001 xxxx, …): the k-th number is a fixed
 * permutation of k within its block of 10,000, so numbers look scattered but never repeat.
 */
function phoneAllocator(): () => string {
  let k = 0;
  return () => {
    const block = Math.floor(k / 10_000);
    const n = ((k % 10_000) * 7919 + 4057) % 10_000;
    k++;
    return `1390${String(block).padStart(3, "0")}${String(n).padStart(4, "0")}`;
  };
}

/** ID numbers: 310112 (闵行区) + birth date + 3-digit sequence (odd for men) + check. */
function idAllocator(d: Draw): (birth: string, gender: "male" | "female") => string {
  const used = new Set<string>();
  return (birth, gender) => {
    for (;;) {
      const seq = d.int(0, 49) * 20 + d.int(0, 4) * 2 + (gender === "male" ? 1 : 0);
      const id = withIdCheck(`310112${birth.replaceAll("-", "")}${String(seq % 1000).padStart(3, "0")}`);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

/** Names from common surnames and given-name characters; distinct while the pool allows. */
function nameAllocator(d: Draw): (gender: "male" | "female") => string {
  const used = new Set<string>();
  return (gender) => {
    let name = "";
    for (let attempt = 0; attempt < 50; attempt++) {
      const given = GIVEN[gender];
      name = d.pick(SURNAMES) + d.pick(given) + (d.chance(0.7) ? d.pick(given) : "");
      if (!used.has(name)) break;
    }
    used.add(name);
    return name;
  };
}

/**
 * Credit codes of invented units: registration-authority prefix, 310112, then "0000" and five
 * seeded characters (an organisation-code range real registrations do not use) and the check.
 */
function usccAllocator(d: Draw): (prefix: string) => string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const used = new Set<string>();
  return (prefix) => {
    for (;;) {
      let body = "";
      for (let i = 0; i < 5; i++) body += d.pick(Array.from(alphabet));
      const code = withUsccCheck(`${prefix}3101120000${body}`);
      if (!used.has(code)) {
        used.add(code);
        return code;
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Organisations

const plain = (name: string) => name.replace(DEMO_MARK, "");
const isDemoGrid = (g: NetworkGrid) => g.isDemo ?? g.name.endsWith(DEMO_MARK);
const mark = (name: string, isDemo: boolean) => (isDemo ? name + DEMO_MARK : name);

/**
 * The organisation name of a grid, after the 2021 report's four tiers: 社区党委, 处置网格党建议事会,
 * 居/村/工作站党组织 and 街面党组织, 党员责任区.
 */
export function partyOrgNameFor(grid: Pick<NetworkGrid, "name" | "level" | "type">, isDemo: boolean): string {
  const base = plain(grid.name);
  let name: string;
  if (grid.level === GRID_LEVEL.subdistrict) name = `${base}社区党委`;
  else if (grid.level === GRID_LEVEL.disposal) name = `${base}处置网格党建议事会`;
  else if (grid.level === GRID_LEVEL.autonomous) {
    if (grid.type === "street_front") name = base.endsWith("街面") ? `${base}党组织` : `${base}街面党组织`;
    else if (grid.type === "village_committee") name = `${base.replace(/村委$/, "")}党总支`;
    else if (grid.type === "residents_committee") name = `${base}党总支`;
    else name = `${base}党支部`;
  } else name = `${base}党员责任区`;
  return mark(name, isDemo);
}

// ---------------------------------------------------------------------------------------------
// Units

interface UnitSpec {
  name: string;
  kind: TUnitKind;
  /** Real unit named in the sources: no mark, no generated credit code. */
  real?: boolean;
  address?: string;
  /** Grid (any level, name without the mark) to place the unit in, as a fallback to `point`. */
  area: string;
  /** WGS84 point, when the sources give one. */
  point?: Position;
  note?: string;
  /** Registration-authority prefix of the generated credit code; null for none. */
  usccPrefix?: "91" | "12" | "51" | "52" | null;
  /** Share of invented units of this spec that have a 两新 party organisation. */
  partyChance?: number;
  /** 管养力量 (property / greenery maintenance): sits on a council. */
  isMaintenance?: boolean;
  /** Contact titles, when the kind's defaults do not fit. */
  titles?: readonly string[];
}

const ESTIMATED = "位置为示例网格中的估计位置";

/** The real units the sources name, placed where their address or role points. */
const REAL_UNITS: UnitSpec[] = [
  {
    name: "虹桥火车站",
    kind: "enterprise",
    real: true,
    address: "申贵路1500号",
    area: "虹桥火车站工作站",
    point: toWgs84(HONGQIAO_STATION_GCJ02[0], HONGQIAO_STATION_GCJ02[1], "gcj02"),
    note: "虹桥综合交通枢纽铁路车站；坐标由 GCJ-02 121.3219, 31.1944 换算",
    titles: ["客运值班主任", "综合办公室主任"],
  },
  { name: "龙湖虹桥天街", kind: "office_project", real: true, address: "申滨南路998–1130号", area: "申滨南路街面", note: ESTIMATED },
  { name: "虹桥新地中心", kind: "office_project", real: true, address: "申滨南路1226号", area: "申滨南路街面", note: ESTIMATED },
  { name: "申虹国际大厦", kind: "office_project", real: true, address: "申昆路", area: "申昆路街面", note: ESTIMATED },
  { name: "虹桥天地", kind: "office_project", real: true, area: "虹桥商务区核心区工作站", note: ESTIMATED },
  { name: "虹桥恒基旭辉中心", kind: "office_project", real: true, area: "虹桥商务区核心区工作站", note: ESTIMATED },
  { name: "诺亚财富中心", kind: "office_project", real: true, area: "虹桥商务区核心区工作站", note: ESTIMATED },
  { name: "虹桥绿谷", kind: "office_project", real: true, area: "申长路街面", note: ESTIMATED },
  { name: "龙湖天地", kind: "office_project", real: true, area: "申滨南路街面", note: ESTIMATED },
  { name: "方隅公寓（虹桥商务区）", kind: "apartment_operator", real: true, area: "建虹路街面", note: `2019 年报道：商务区内 5 幢楼共 805 套；${ESTIMATED}` },
  { name: "新虹街道办事处", kind: "government", real: true, address: "申滨路717弄20号", area: "申滨路街面", note: ESTIMATED },
  { name: "新虹街道城运中心", kind: "government", real: true, area: "申滨路街面", note: `城市运行管理中心；${ESTIMATED}` },
  { name: "上海市人工智能技术协会", kind: "association", real: true, area: "虹桥商务区核心区工作站", note: `长三角人工智能党建联盟依托单位；${ESTIMATED}` },
];

/** Invented units of named kinds (each gets "（示例）"). */
const NAMED_DEMO_UNITS: UnitSpec[] = [
  ...[
    ["虹汇商务中心", "虹桥商务区核心区工作站"],
    ["申航大厦", "申长路街面"],
    ["枢纽国际中心", "虹桥火车站工作站"],
    ["虹源科技园", "建虹路街面"],
    ["博越大厦", "申昆路街面"],
    ["虹桥云谷", "虹桥商务区核心区工作站"],
    ["天山西商务园", "天山西路街面"],
    ["华翔科创园", "华翔路街面"],
    ["申滨广场", "申滨路街面"],
    ["宁虹大厦", "宁虹路街面"],
    ["扬虹中心", "扬虹居委"],
    ["华美商务楼", "华美工作站"],
  ].map(([name, area]): UnitSpec => ({ name: name!, kind: "office_project", area: area!, usccPrefix: "91", partyChance: 0.5 })),
  ...[
    ["虹寓青年公寓", "虹桥商务区核心区工作站"],
    ["申居长租公寓", "申长路街面"],
    ["枢纽人才公寓", "虹桥火车站工作站"],
    ["博寓公寓", "扬虹居委"],
    ["航华青年汇公寓", "航华工作站"],
    ["悦虹公寓", "申虹居委"],
    ["新虹人才驿站公寓", "航华一居委"],
    ["华美乐居公寓", "华美工作站"],
    ["润虹长租公寓", "润虹村村委"],
  ].map(([name, area]): UnitSpec => ({ name: name!, kind: "apartment_operator", area: area!, usccPrefix: "91", partyChance: 0.3 })),
  // Real brands as operator kinds; their local branches are invented, so no credit code.
  ...[
    ["哈啰出行新虹运维点", "虹桥火车站工作站"],
    ["美团单车新虹运维点", "申贵路居委"],
    ["青桔单车新虹运维点", "申长路街面"],
  ].map(([name, area]): UnitSpec => ({ name: name!, kind: "bike_operator", area: area!, usccPrefix: null, note: "运营企业为真实品牌，本地运维点为示例" })),
  ...[
    ["爱博实验小学", "爱博三村居委"],
    ["新虹第一幼儿园", "爱博五村居委"],
    ["申虹幼儿园", "申虹居委"],
    ["华美中学", "华美二居委"],
    ["航华小学", "航华二居委"],
  ].map(([name, area]): UnitSpec => ({ name: name!, kind: "school", area: area!, usccPrefix: "12", partyChance: 1 })),
  ...[
    ["新虹派出所", "申滨路街面"],
    ["新虹街道城管执法中队", "宁虹路街面"],
    ["新虹街道社区事务受理服务中心", "申贵路居委"],
    ["新虹街道社区卫生服务中心", "华美一居委"],
  ].map(([name, area]): UnitSpec => ({ name: name!, kind: "government", area: area!, usccPrefix: null })),
  ...[
    ["新虹商务楼宇联合会", "虹桥商务区核心区工作站"],
    ["新虹志愿者协会", "申贵路居委"],
    ["虹桥白领青年联谊会", "申长路街面"],
    ["新虹社区公益服务中心", "航华一居委"],
  ].map(([name, area]): UnitSpec => ({ name: name!, kind: "association", area: area!, usccPrefix: name!.endsWith("中心") ? "52" : "51", partyChance: 0.3 })),
];

const FIRM_FIRST = Array.from("虹申枢博航润扬云智星锦睿衡启汇泓澜沐川峰");
const FIRM_SECOND = Array.from("智联达越新泽帆衡启桥链数芯图视算途程安和");
/** Sectors of invented enterprises; the first five are the AI industry chain of the report. */
const SECTORS = [
  "人工智能科技",
  "智能制造",
  "数据服务",
  "信息技术",
  "机器人科技",
  "供应链管理",
  "国际贸易",
  "会展服务",
  "物流",
  "医疗科技",
  "商务咨询",
  "文化传媒",
  "人力资源",
  "餐饮管理",
] as const;
/** Grids of the invented enterprises, weighted toward the business district's street fronts. */
const FIRM_AREAS = [
  "虹桥商务区核心区工作站",
  "虹桥商务区核心区工作站",
  "申长路街面",
  "申滨南路街面",
  "申昆路街面",
  "建虹路街面",
  "虹桥火车站工作站",
  "天山西路街面",
  "华翔路街面",
  "华美工作站",
  "申滨路街面",
  "宁虹路街面",
  "航华工作站",
] as const;
/** 管养力量 per disposal grid: one maintenance firm in a residential grid of each. */
const MAINTENANCE = [
  ["物业管理", "爱博二村居委"],
  ["绿化养护", "华美三居委"],
  ["物业管理", "申虹居委"],
  ["市政养护", "新虹村村委"],
] as const;
const INVENTED_ENTERPRISES = 70;

const CONTACT_TITLES: Record<TUnitKind, readonly string[]> = {
  enterprise: ["行政负责人", "总经理", "人事主管"],
  office_project: ["项目负责人", "物业经理"],
  apartment_operator: ["店长", "运营负责人"],
  bike_operator: ["运维主管", "区域经理"],
  association: ["秘书长", "办公室主任"],
  school: ["办公室主任", "副校长"],
  government: ["办公室主任", "综合科科长"],
};

/** A point well inside a geometry: the point and its four neighbours ~1 m away are all inside. */
function interiorPoint(d: Draw, geometry: GridGeometry): Position | null {
  const [minX, minY, maxX, maxY] = bboxOf(geometry);
  const e = 0.00001;
  for (let attempt = 0; attempt < 2000; attempt++) {
    const x = Math.round((minX + d.next() * (maxX - minX)) * 1e6) / 1e6;
    const y = Math.round((minY + d.next() * (maxY - minY)) * 1e6) / 1e6;
    if ([[0, 0], [e, 0], [-e, 0], [0, e], [0, -e]].every(([dx, dy]) => pointInGeometry(x + dx!, y + dy!, geometry))) return [x, y];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The generator

/**
 * Generates the demo party network on a grid tree (parents may come in any order). One
 * organisation per grid with the kind `expectedOrgKind` asks for; people, memberships and staff
 * posts per level; ~120 units placed in micro grids. Deterministic: equal input, equal output.
 */
export function generateXinhongNetwork(input: readonly NetworkGrid[]): XinhongNetwork {
  const grids = [...input].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const byCode = new Map(grids.map((g) => [g.code, g]));
  const children = new Map<string, NetworkGrid[]>();
  for (const g of grids) {
    if (g.parentCode === null) continue;
    const list = children.get(g.parentCode) ?? [];
    list.push(g);
    children.set(g.parentCode, list);
  }
  const microUnder = (g: NetworkGrid): NetworkGrid[] =>
    g.level === GRID_LEVEL.micro ? [g] : (children.get(g.code) ?? []).flatMap((c) => microUnder(c));
  const ancestorAt = (g: NetworkGrid, level: number): NetworkGrid | undefined => {
    let cur: NetworkGrid | undefined = g;
    while (cur && cur.level > level) cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
    return cur?.level === level ? cur : undefined;
  };

  // Organisations.
  const orgDraw = drawFor("orgs");
  const orgs: DemoPartyOrg[] = [];
  for (const g of grids) {
    const kind = expectedOrgKind(g.level, g.type);
    if (!kind) throw new Error(`grid ${g.code} has level ${g.level}, which carries no party organisation`);
    const isDemo = isDemoGrid(g);
    orgs.push({ gridCode: g.code, name: partyOrgNameFor(g, isDemo), kind, isDemo, foundedOn: isDemo ? dateBetween(orgDraw, "2012-01-01", "2021-10-31") : null });
  }

  const nextPhone = phoneAllocator();

  // Units.
  const unitDraw = drawFor("units");
  const nextUscc = usccAllocator(drawFor("uscc"));
  const nextContactName = nameAllocator(drawFor("contact-names"));
  const micro = grids.filter((g) => g.level === GRID_LEVEL.micro && g.geometry);
  const gridByPlainName = new Map(grids.map((g) => [plain(g.name), g]));
  const firmSpecs: UnitSpec[] = [];
  const firmNames = new Set<string>();
  const firmDraw = drawFor("firms");
  for (const [sector, area] of MAINTENANCE) firmSpecs.push(firmSpec(sector, area, true));
  while (firmSpecs.length < INVENTED_ENTERPRISES) firmSpecs.push(firmSpec(firmDraw.pick(SECTORS), firmDraw.pick(FIRM_AREAS), false));
  function firmSpec(sector: string, area: string, isMaintenance: boolean): UnitSpec {
    let brand = "";
    do brand = firmDraw.pick(FIRM_FIRST) + firmDraw.pick(FIRM_SECOND);
    while (firmNames.has(brand) || brand[0] === brand[1]);
    firmNames.add(brand);
    return { name: `上海${brand}${sector}有限公司`, kind: "enterprise", area, usccPrefix: "91", partyChance: 0.35, isMaintenance };
  }

  /** Generation-time extras of a unit: stripped from the output. */
  type UnitDraft = DemoUnit & { isMaintenance: boolean; contactGenders: ("male" | "female")[] };
  const units: UnitDraft[] = [];
  for (const spec of [...REAL_UNITS, ...NAMED_DEMO_UNITS, ...firmSpecs]) {
    const isDemo = !spec.real;
    let cell: NetworkGrid | undefined;
    let point: Position | null = null;
    if (spec.point) {
      const rounded: Position = [Math.round(spec.point[0] * 1e6) / 1e6, Math.round(spec.point[1] * 1e6) / 1e6];
      point = rounded;
      cell = micro.find((m) => pointInGeometry(rounded[0], rounded[1], m.geometry!));
    }
    if (!cell) {
      const area = gridByPlainName.get(spec.area);
      const candidates = (area ? microUnder(area) : micro).filter((m) => m.geometry);
      const pool = candidates.length > 0 ? candidates : micro;
      if (pool.length === 0) break; // a tree without micro-grid boundaries gets no units
      cell = unitDraw.pick(pool);
      point = interiorPoint(unitDraw, cell.geometry!);
      if (!point) throw new Error(`no interior point found in micro grid ${cell.code}`);
    }
    const hasParty = isDemo && spec.partyChance !== undefined && unitDraw.chance(spec.partyChance);
    const shortName = spec.name.replace(/^上海/, "").replace(/有限公司$/, "");
    const partyMemberCount = hasParty ? unitDraw.int(3, 48) : null;
    const road = plain(cell.name).match(/^(.+?路)/)?.[1] ?? ancestorRoad(cell) ?? unitDraw.pick(ROADS);
    const contacts: DemoUnitContact[] = [];
    const contactGenders: ("male" | "female")[] = [];
    const titles = spec.titles ?? CONTACT_TITLES[spec.kind];
    const count = unitDraw.chance(0.5) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const gender = unitDraw.chance(0.5) ? "male" : "female";
      contactGenders.push(gender);
      // Invented contacts of a real unit carry the mark in their name: the unit row is not demo.
      contacts.push({ name: mark(nextContactName(gender), !isDemo), title: i === 0 && hasParty ? "党支部书记" : titles[i % titles.length]!, phone: nextPhone() });
    }
    units.push({
      key: `U${String(units.length + 1).padStart(3, "0")}`,
      name: mark(spec.name, isDemo),
      kind: spec.kind,
      uscc: isDemo && spec.usccPrefix ? nextUscc(spec.usccPrefix) : null,
      address: spec.address ?? (isDemo ? `${road}${unitDraw.int(1, 1999)}号` : null),
      lng: point![0],
      lat: point![1],
      gridCode: cell.code,
      partyOrgName: hasParty ? mark(`${shortName}党支部`, true) : null,
      partyMemberCount,
      note: spec.note ?? null,
      isDemo,
      contacts,
      isMaintenance: !!spec.isMaintenance,
      contactGenders,
    });
  }
  function ancestorRoad(cell: NetworkGrid): string | undefined {
    const parent = ancestorAt(cell, 3);
    return parent ? plain(parent.name).match(/^(.+?路)/)?.[1] : undefined;
  }

  // People, memberships and posts.
  const d = drawFor("people");
  const nextName = nameAllocator(drawFor("names"));
  const nextId = idAllocator(drawFor("ids"));
  const people: DemoPerson[] = [];
  const memberships: DemoMembership[] = [];
  const staffAssignments: DemoStaffAssignment[] = [];

  interface PersonInput {
    home: string;
    born: [number, number];
    /** Probability of being a party member (1 for officers). */
    party: number;
    floating?: boolean;
    note?: string | null;
    name?: string;
    gender?: "male" | "female";
    phone?: string;
  }
  const addPerson = (p: PersonInput): DemoPerson => {
    const gender = p.gender ?? (d.chance(0.55) ? "male" : "female");
    const birth = dateBetween(d, `${p.born[0]}-01-01`, `${p.born[1]}-12-31`);
    const isPartyMember = p.floating || d.chance(p.party);
    const person: DemoPerson = {
      key: `P${String(people.length + 1).padStart(4, "0")}`,
      name: p.name ?? nextName(gender),
      gender,
      birthYear: Number(birth.slice(0, 4)),
      phone: p.phone ?? nextPhone(),
      idNumber: nextId(birth, gender),
      isPartyMember,
      joinedPartyOn: isPartyMember ? dateBetween(d, plusYears(birth, 18), later(plusYears(birth, 18), minDate(plusYears(birth, 50), "2024-06-30"))) : null,
      isFloatingMember: !!p.floating,
      membershipElsewhere: p.floating ? d.pick(ELSEWHERE) : null,
      homeGridCode: p.home,
      note: p.note ?? null,
      isDemo: true,
    };
    people.push(person);
    return person;
  };
  const join = (orgGridCode: string, person: DemoPerson, role: TMembershipRole, since = "2010-01-01") => {
    if (!person.isPartyMember || person.isFloatingMember) return;
    memberships.push({ orgGridCode, personKey: person.key, role, fromDate: dateBetween(d, later(person.joinedPartyOn!, since), LAST_DAY) });
  };
  const post = (gridCode: string, person: DemoPerson, p: TStaffPost, since = "2016-01-01") => {
    staffAssignments.push({ gridCode, personKey: person.key, post: p, fromDate: dateBetween(d, since, LAST_DAY) });
  };
  const homeUnder = (g: NetworkGrid) => {
    const cells = microUnder(g);
    return cells.length > 0 ? d.pick(cells).code : g.code;
  };
  const ordinaryMembers = (org: NetworkGrid, n: number) => {
    for (let i = 0; i < n; i++) join(org.code, addPerson({ home: homeUnder(org), born: [1950, 2000], party: 1 }), "member");
  };

  for (const g of grids) {
    if (g.level === GRID_LEVEL.subdistrict) {
      join(g.code, addPerson({ home: g.code, born: [1965, 1980], party: 1, note: "街道党工委书记" }), "secretary");
      join(g.code, addPerson({ home: g.code, born: [1968, 1985], party: 1, note: "街道党工委副书记" }), "deputy_secretary");
      for (let i = 0; i < 3; i++) join(g.code, addPerson({ home: g.code, born: [1970, 1988], party: 1, note: "街道党工委委员" }), "committee_member");
      for (let i = 0; i < 2; i++) post(g.code, addPerson({ home: g.code, born: [1980, 1998], party: 0.6, note: "城运中心值班长" }), "city_ops");
      ordinaryMembers(g, 6);
    } else if (g.level === GRID_LEVEL.disposal) {
      // "1+4+N": 1 convener; 党建专员, 城运专员 and two council directors (the police and the
      // urban-management grid heads); N from the units in the grid (below).
      const since = COUNCIL_FROM;
      const convener = addPerson({ home: g.code, born: [1966, 1980], party: 1, note: "街道党工委班子成员，议事会召集人" });
      join(g.code, convener, "secretary", since);
      post(g.code, convener, "council_member", since);
      const officer = addPerson({ home: g.code, born: [1975, 1990], party: 1, note: "党群科室负责人，党建专员" });
      join(g.code, officer, "committee_member", since);
      post(g.code, officer, "council_member", since);
      const ops = addPerson({ home: g.code, born: [1980, 1996], party: 1, note: "城运中心工作人员，城运专员" });
      join(g.code, ops, "committee_member", since);
      post(g.code, ops, "city_ops", since);
      const police = addPerson({ home: g.code, born: [1972, 1990], party: 1, note: "公安网格长，议事会主任" });
      join(g.code, police, "committee_member", since);
      post(g.code, police, "community_police", since);
      const cityManagement = addPerson({ home: g.code, born: [1972, 1990], party: 1, note: "城管网格长，议事会主任" });
      join(g.code, cityManagement, "committee_member", since);
      post(g.code, cityManagement, "grid_head", since);
      for (const unit of councilUnits(g)) {
        const contact = unit.contacts[0]!;
        const fromParty = contact.title === "党支部书记";
        const member = addPerson({
          home: unit.gridCode,
          born: [1965, 1992],
          party: fromParty ? 1 : 0.4,
          note: `驻区单位${unit.isMaintenance ? "（管养力量）" : ""}：${unit.name}，${contact.title}`,
          name: plain(contact.name),
          gender: unit.contactGenders[0],
          phone: contact.phone,
        });
        join(g.code, member, "member", since);
        post(g.code, member, "council_member", since);
      }
    } else if (g.level === GRID_LEVEL.autonomous) {
      const secretary = addPerson({ home: g.code, born: [1965, 1988], party: 1, note: "书记，自治网格网格长" });
      join(g.code, secretary, "secretary");
      post(g.code, secretary, "grid_head");
      // The report's "N" of each council includes the secretaries of its 居村/工作站 organisations.
      const disposal = ancestorAt(g, 2);
      if (disposal) join(disposal.code, secretary, "member", COUNCIL_FROM);
      if (d.chance(0.6)) join(g.code, addPerson({ home: g.code, born: [1970, 1990], party: 1 }), "deputy_secretary");
      for (let i = d.int(1, 3); i > 0; i--) join(g.code, addPerson({ home: homeUnder(g), born: [1960, 1995], party: 1 }), "committee_member");
      ordinaryMembers(g, d.int(2, 5));
      if (g.type === "residents_committee" || g.type === "village_committee") {
        post(g.code, addPerson({ home: g.code, born: [1975, 1995], party: 0.8, note: "新虹派出所社区民警（示例）" }), "community_police");
      }
    } else {
      const zone = g.code;
      for (let i = d.chance(0.4) ? 2 : 1; i > 0; i--) join(zone, addPerson({ home: zone, born: [1950, 1995], party: 1, note: "党员责任区负责党员" }), "responsible", "2021-01-01");
      ordinaryMembers(g, d.int(1, 4));
      if (d.chance(0.3)) addPerson({ home: zone, born: [1985, 2000], party: 1, floating: true, note: "流动党员" });
      const worker = addPerson({ home: zone, born: [1978, 1998], party: 0.5, note: "网格员" });
      join(zone, worker, "member");
      post(zone, worker, "grid_worker", "2018-01-01");
    }
  }

  /** Up to five units in a disposal grid for its council: 两新 secretaries, an office project, an operator, 管养. */
  function councilUnits(disposal: NetworkGrid): UnitDraft[] {
    const inside = units.filter((u) => ancestorAt(byCode.get(u.gridCode)!, 2)?.code === disposal.code);
    const chosen: UnitDraft[] = [];
    const take = (pred: (u: UnitDraft) => boolean, n: number) => {
      for (const u of inside) {
        if (chosen.length >= 5 || n === 0) return;
        if (chosen.includes(u) || !pred(u)) continue;
        chosen.push(u);
        n--;
      }
    };
    take((u) => u.isMaintenance, 1);
    take((u) => u.partyOrgName !== null, 2);
    take((u) => u.kind === "office_project", 1);
    take((u) => u.kind === "apartment_operator" || u.kind === "bike_operator", 1);
    take(() => true, 5 - chosen.length);
    return chosen;
  }

  return {
    orgs,
    people,
    memberships,
    staffAssignments,
    units: units.map(({ isMaintenance: _m, contactGenders: _g, ...u }) => u),
  };
}
