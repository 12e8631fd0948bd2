import { OPEN_CASE_STATES, type TCaseChannel, type TSatisfaction } from "@caihong/contracts";
import {
  CN_CALENDAR_2021_2026,
  GRID_LEVEL,
  ancestorAt,
  DEMO_MARK,
  WorkCalendar,
  bboxOf,
  centroidOf,
  createRng,
  pointInGeometry,
  type BBox,
  type CaseState,
  type GridGeometry,
  type TimeLimit,
} from "@caihong/domain";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { PersonalData } from "../../lib/personal-data";
import { fromJsonColumn } from "../../lib/sql-fragments";
import { CASE_NUMBER_PREFIX, rebuildRollups, type CategoryRow } from "../../modules/cases";
import { caseCategories, caseEscalations, cases } from "../../modules/cases/cases.table";
import { grids } from "../../modules/grids/grids.table";
import { people, staffAssignments } from "../../modules/party/people.table";
import { units } from "../../modules/units/units.table";
import { insertRows } from "../bulk";
import { CasePlayer as Player, insertCases, insertEvents, reportedDraft, Stop, timeOrderedId, type PlayerClock } from "../case-player";

// About six months of Xinhong cases (2021-05 … 2021-10) for the workbench and the evaluation page.
// Everything here is invented and stored with `is_demo = true`: reporters (names from a fixed list,
// phones in the 199 0000 xxxx block), the staff named in event labels (masked, marked "（示例）"),
// descriptions and house numbers (on real roads and compounds of the sub-district, see
// ../shared/reference/xinhong-geo.md). No photos are shipped: report and evidence photos are
// absent, and a patrol's 自办自结 is stored without the photo the live step asks for.
//
// Each case is played step by step through the state machine (`decide`) and the same projection
// rules as `applyStep` in cases.service.ts, with the escalation clock simulated between steps,
// so its events are a legal history and its columns are what the live service would have written.

/** Rows written by one demo-case seed, per table. */
export interface DemoCaseCounts {
  cases: number;
  caseEvents: number;
  caseEscalations: number;
  /** Cases still open at the end of the period. */
  open: number;
}

export interface DemoCaseOptions {
  /** First and last day of the period (Asia/Shanghai, YYYY-MM-DD); default 2021-05-01 … 2021-10-31. */
  from?: string;
  to?: string;
  /** PRNG seed; the same seed on the same grids and units gives the same cases. */
  seed?: number;
}

/** The demo's default period (Asia/Shanghai): its last day is the Xinhong tenant's reference date. */
export const DEMO_CASES_PERIOD = { from: "2021-05-01", to: "2021-10-31" } as const;

/** The default seed: the first day of the period. */
export const DEMO_CASES_SEED = 20210501;

/** Days after closure within which a reporter may rate: the shortest window the config allows is 1 day. */
const REOPEN_WINDOW_DAYS = 1;

const MINUTE = 60_000;
const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

// ---------------------------------------------------------------------------------------------
// Random draws

class Draw {
  constructor(readonly next: () => number) {}
  float(a: number, b: number): number {
    return a + this.next() * (b - a);
  }
  int(a: number, b: number): number {
    return Math.min(b, Math.floor(this.float(a, b + 1)));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.min(items.length - 1, Math.floor(this.next() * items.length))]!;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of entries) {
      x -= w;
      if (x < 0) return item;
    }
    return entries[entries.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------------------------
// What residents here report, and how

/** Relative weight of each 小类 among reports (what Xinhong residents, patrols and 12345 bring in). */
const CATEGORY_WEIGHTS: Record<string, number> = {
  "0601": 16,
  "0602": 10,
  "0603": 9,
  "0102": 8,
  "0106": 7,
  "0201": 7,
  "0503": 7,
  "0502": 6,
  "0605": 5,
  "0607": 4,
  "0301": 4,
  "0604": 3,
  "0606": 3,
  "0608": 3,
  "0104": 2,
  "0105": 2,
  "0501": 2,
  "0504": 1.5,
  "0401": 1,
  "0403": 1,
  "0404": 1,
  "0101": 1,
  "0103": 1,
  "0203": 1,
  "0302": 1,
  "0303": 1,
  "0402": 0.5,
  "0202": 0.5,
};

/** Channel shares overall: ~35 % resident app, 30 % patrol, 25 % 12345, 5 % staff entry, 5 % Open311. */
const CHANNEL_WEIGHTS: Record<TCaseChannel, number> = { resident_app: 35, patrol: 30, hotline: 25, staff_proxy: 5, open311: 5 };

/** Per-category tilt of the channel shares (noise comes by phone at night, flyers from patrols). */
const CHANNEL_TILT: Record<string, Partial<Record<TCaseChannel, number>>> = {
  "0603": { patrol: 0.15, hotline: 1.7, resident_app: 1.2 },
  "0301": { patrol: 0.2, hotline: 1.8 },
  "0604": { patrol: 0.6, hotline: 1.6 },
  "0605": { patrol: 0.25, hotline: 1.3, resident_app: 1.4 },
  "0608": { patrol: 0.3, hotline: 1.5 },
  "0201": { patrol: 2.4, hotline: 0.4 },
  "0502": { patrol: 1.9, hotline: 0.7 },
  "0601": { patrol: 1.2 },
  "0102": { patrol: 1.4 },
  "0106": { patrol: 1.2 },
  "0503": { patrol: 1.3 },
};

/** Categories a grid worker on patrol usually deals with on the spot (自办自结). */
const SELF_RESOLVABLE = new Set(["0601", "0602", "0201", "0502", "0102", "0106", "0503", "0607", "0104"]);
/** Categories whose handlers also work evenings and weekends (operators, cleaners, 城管 night shifts). */
const AROUND_THE_CLOCK = new Set(["0601", "0102", "0106", "0104", "0401", "0403", "0404", "0503", "0502", "0504", "0301", "0603"]);
const NOISE = new Set(["0603", "0301"]);
const WITH_FLOOR = new Set(["0602", "0604", "0607"]);

/** Where each 小类 tends to happen: micro-grid types weighted up. */
const PLACE_TILT: Record<string, Partial<Record<string, number>>> = {
  residential: { residential_block: 4, workstation: 1, street_front: 1 },
  street: { street_front: 4, workstation: 2, residential_block: 1 },
  station: { workstation: 4, street_front: 3, residential_block: 1 },
};
const PLACE_OF: Record<string, keyof typeof PLACE_TILT> = {
  "0602": "residential",
  "0603": "residential",
  "0604": "residential",
  "0606": "residential",
  "0607": "residential",
  "0106": "residential",
  "0101": "residential",
  "0608": "residential",
  "0601": "station",
  "0504": "station",
};

/** Handlers by category: unit names containing these words, in order of preference. */
const UNIT_PREFERENCES: Record<string, readonly string[]> = {
  "0101": ["城管执法"],
  "0102": ["市政养护", "物业管理"],
  "0103": ["市政养护"],
  "0104": ["市政养护"],
  "0105": ["绿化养护"],
  "0106": ["物业管理", "市政养护"],
  "0201": ["物业管理", "市政养护"],
  "0202": ["城管执法"],
  "0203": ["城管执法"],
  "0301": ["城管执法"],
  "0302": ["城管执法"],
  "0303": ["城管执法"],
  "0401": ["市政养护", "城运中心"],
  "0402": ["市政养护"],
  "0403": ["市政养护"],
  "0404": ["市政养护"],
  "0501": ["城管执法"],
  "0502": ["城管执法"],
  "0503": ["派出所"],
  "0504": ["派出所"],
  "0602": ["物业管理", "街道办事处"],
  "0603": ["派出所", "城管执法"],
  "0604": ["街道办事处", "派出所"],
  "0606": ["物业管理"],
  "0607": ["物业管理"],
  "0608": ["街道办事处", "社区事务受理"],
};
/** Where a returned case goes next (the usual "not ours, try them" in Xinhong). */
const REDISPATCH_TO = ["城管执法", "街道办事处", "市政养护", "物业管理"];

const BIKE_BRANDS: readonly (readonly [string, string, number])[] = [
  ["哈啰", "hellobike", 40],
  ["美团", "meituan", 35],
  ["青桔", "qingju", 25],
];

const DESCRIPTIONS: Record<string, readonly string[]> = {
  "0601": ["{p}共享单车大量堆积，占用人行道，行人通行困难", "{p}地铁口附近共享单车乱停，堵住了盲道", "{p}有多辆共享单车倒伏在绿化带里", "{p}小区出入口共享单车堆放，影响车辆进出", "{p}早高峰后共享单车堆成一片，没人整理"],
  "0602": ["{p}楼道内停放电动自行车并拉线充电，存在消防隐患", "{p}电动车停在非机动车停放区外，占用消防通道", "{p}人行道上电瓶车停放杂乱", "{p}楼下有人从窗口拉电线给电瓶车充电"],
  "0603": ["{p}沿街商铺音响声音过大，影响居民休息", "{p}晚上有人在广场跳舞，音响声音太大", "{p}楼上住户深夜噪音持续，多次沟通无果", "{p}夜宵店营业到凌晨，食客喧哗扰民", "{p}空调外机噪声大，晚上无法入睡"],
  "0102": ["{p}路边有成堆生活垃圾未清运", "{p}绿化带内堆放装修垃圾和生活垃圾", "{p}有暴露垃圾，天热气味很大", "{p}路边有人倾倒垃圾袋，已经堆了好几天"],
  "0106": ["{p}垃圾箱房垃圾满溢，周边脏乱", "{p}路边垃圾桶满了没人清理", "{p}湿垃圾桶满溢，蚊蝇很多", "{p}垃圾厢房门口堆满垃圾袋"],
  "0201": ["{p}电线杆和墙面上贴满小广告", "{p}单元门口被喷涂办证小广告", "{p}公交站牌上张贴非法小广告", "{p}楼道墙上刻画开锁通下水道广告"],
  "0502": ["{p}水果摊占用人行道经营", "{p}餐饮店在门外摆桌经营，占用人行道", "{p}早餐摊点占道经营，地面油污较多", "{p}商铺把货架摆到店外人行道上"],
  "0503": ["{p}机动车停在人行道上，行人只能走机动车道", "{p}私家车占用消防通道停放", "{p}多辆车辆在禁停路段长时间停放", "{p}网约车在路口违停等客，造成拥堵"],
  "0605": ["{a}房间空调故障，报修多日未处理", "{a}公共区域照明损坏，夜间存在安全隐患", "{a}租户反映退租押金迟迟未退", "{a}电梯经常故障，维修不及时", "{a}卫生间漏水渗到楼下房间"],
  "0604": ["{p}一套房屋被隔成多间出租，居住人员多、进出杂乱", "{p}疑似群租，房屋内搭建隔断，存在消防隐患", "{p}住房改成床位出租，每天进出人员很多"],
  "0301": ["{p}工地夜间施工，噪音很大", "{p}夜里十一点后还有打桩和渣土车声音", "{p}周边工地凌晨浇筑混凝土，机器轰鸣"],
  "0401": ["{p}路面积水较深，车辆和行人通行困难", "大雨后{p}积水没过脚踝，排水不畅", "{p}雨水井堵塞，路口积水严重"],
  "0607": ["{p}楼道内堆放大量纸箱杂物，堵塞消防通道", "{p}消防通道堆放旧家具", "{p}楼梯间堆满快递纸箱"],
  "0606": ["{p}垃圾投放点干湿垃圾混投", "{p}分类垃圾桶缺少可回收物桶", "{p}定时定点投放点无人值守，垃圾混投"],
  "0104": ["{p}路面有大片油污和散落物", "{p}渣土车经过后路面泥泞", "{p}人行道上散落大量建筑碎屑"],
  "0105": ["{p}绿地里有大量杂物和枯枝", "{p}绿化带内植被被踩踏，黄土裸露", "{p}绿地内有树枝折断倒伏"],
  "0101": ["{p}有人在公共绿地内搭建棚屋", "{p}底楼住户擅自搭建阳光房", "{p}屋顶平台新搭建了彩钢板房"],
  "0103": ["{p}路边堆放建筑渣土，未覆盖", "{p}小区空地堆放装修渣土多日"],
  "0202": ["{p}有人在路口散发商业传单", "{p}地铁口有人发放健身房广告单"],
  "0203": ["{p}店招破损松动，存在坠落隐患", "{p}新装的户外广告牌疑似未经许可"],
  "0302": ["{p}施工围挡超出范围，占用非机动车道", "{p}施工材料堆放在人行道上，未设置围挡"],
  "0303": ["{p}工地渣土未覆盖，刮风时扬尘明显", "{p}工地出口车辆未冲洗，道路扬尘"],
  "0402": ["{p}路面出现坑洞，面积约一平方米", "{p}人行道地砖塌陷，有人绊倒"],
  "0403": ["{p}路边有水管破裂冒水", "{p}地下水管爆裂，路面冒水"],
  "0404": ["{p}井盖缺失，已有行人差点踩空", "{p}窨井盖松动，车辆经过时响声很大", "{p}雨水井盖破损下陷"],
  "0501": ["{p}有流动摊贩无照经营", "{p}有人推车沿街兜售熟食"],
  "0504": ["{p}有黑车司机招揽乘客", "{p}出口处有人拉客，价格不明"],
  "0608": ["{p}路灯不亮，夜间通行不便", "{p}公共座椅损坏，希望修复", "{p}小区门口道闸故障，车辆进出排长队", "{p}公共健身器材损坏，存在安全隐患"],
};

/** Heavy rain: typhoon 烟花 (In-Fa, 2021-07-25 … 27) and 灿都 (Chanthu, 2021-09-13 … 14), plus summer downpours. */
const STORMS: Record<string, { name: string | null; flooded: [number, number] }> = {
  "2021-06-18": { name: null, flooded: [3, 6] },
  "2021-07-07": { name: null, flooded: [3, 6] },
  "2021-07-25": { name: "烟花", flooded: [10, 16] },
  "2021-07-26": { name: "烟花", flooded: [12, 20] },
  "2021-07-27": { name: "烟花", flooded: [5, 9] },
  "2021-08-05": { name: null, flooded: [3, 5] },
  "2021-09-13": { name: "灿都", flooded: [4, 8] },
  "2021-09-14": { name: "灿都", flooded: [3, 6] },
};
const STORM_EXTRAS: readonly (readonly [string, number])[] = [
  ["0105", 3],
  ["0404", 1],
  ["0403", 1],
  ["0402", 1],
  ["0608", 1],
];

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "海燕", "晓东", "丽华", "志强", "文博", "思远", "雨涵", "浩然", "子轩", "佳怡", "欣怡", "梓涵", "一鸣", "国庆", "建国", "春梅", "玉兰"];

const DISPATCHERS = ["城运中心·派单员 陈*（示例）", "城运中心·派单员 周*（示例）", "城运中心·值班长 徐*（示例）", "城运中心·派单员 顾*（示例）"];
const FOLLOW_UP = ["城运中心·回访员 沈*（示例）", "城运中心·回访员 陆*（示例）"];
const REPORT_LABEL: Record<TCaseChannel, string | null> = {
  resident_app: "居民",
  patrol: null,
  hotline: "城运中心·12345 热线受理（示例）",
  staff_proxy: "城运中心·代为登记 吴*（示例）",
  open311: "Open311 接入（示例）",
};
const REPORTER_LABEL = "反映人（查询码）";

const VOID_REASONS = ["经核实不属于街道受理范围，已告知反映人", "现场核实无此问题", "反映内容不全且无法联系反映人", "属于民事纠纷，已引导通过调解途径解决"];
const RETURN_REASONS = ["非本单位职责范围，建议改派", "该点位不在本单位管养范围内", "经现场核实，问题属于其他部门职责", "涉及执法事项，本单位无执法权"];
const REFUSE_RETURN = ["经核实属于贵单位职责，请按期处置", "该点位在贵单位管养范围内，请处置"];
const EXTENSION_REASONS = ["需协调多个部门联合处置", "需等待配件到货后维修", "当事人多次上门未遇，需预约时间", "需履行执法程序，时间较长", "需业主大会表决后实施"];
const REFUSE_EXTENSION = ["延期理由不充分，请按原期限处置", "请先采取临时措施，按期反馈"];
const REWORK_REASONS = ["核查发现现场未整改到位", "反馈内容与现场情况不符，请重新处置", "问题反弹，需返工", "处置照片与点位不符，请重新处置"];
const REOPEN_REASONS = ["回访不满意：问题仍未解决，重新派单处置", "回访不满意：反映人称问题反弹，重办", "回访不满意：处置不彻底，重新派单"];
const SUPERVISE_NOTES = ["已超期，请尽快处置并反馈", "督办：请加快处置进度，今日内反馈", "该件已超期，请说明原因并尽快办结"];
const HANDLE_PREFIX = ["现场已处置：", "经处置，", "已安排人员到场，", "已完成整改："];
const FOLLOW_UP_NOTES: Record<TSatisfaction, readonly string[]> = {
  satisfied: ["电话回访，市民表示满意", "电话回访，反映人对处置结果满意"],
  basically_satisfied: ["电话回访，市民表示基本满意", "电话回访，反映人认为处置较慢但已解决"],
  dissatisfied: ["电话回访，市民表示问题仍未解决，不满意", "电话回访，反映人对处置结果不满意"],
};

// ---------------------------------------------------------------------------------------------
// Inputs read from the tenant

interface MicroGrid {
  id: string;
  path: string;
  name: string;
  type: string;
  /** The autonomous grid's name (without the demo mark). */
  parentName: string;
  disposalId: string | null;
  geometry: GridGeometry;
  bbox: BBox;
  worker: string;
}

interface DemoUnitRow {
  id: string;
  name: string;
  kind: string;
  isDemo: boolean;
  gridId: string | null;
  disposalId: string | null;
}

interface GeneratorInput {
  tenantId: string;
  prefix: string;
  cal: WorkCalendar;
  categories: CategoryRow[];
  micro: MicroGrid[];
  units: DemoUnitRow[];
  /** Last number already issued per year (numbers continue after it). */
  lastNumber: Map<number, number>;
  from: string;
  to: string;
  seed: number;
  pd: PersonalData;
}

// ---------------------------------------------------------------------------------------------
// The generator

/** A case to be played: when, what, where and by whom it was reported, and how it should go. */
interface Planned {
  reportedAt: Date;
  code: string;
  channel: TCaseChannel;
  storm: string | null;
  stopAt: CaseState | null;
}

/** A demo case: played in a micro grid, about a unit of the area. */
type CasePlayer = Player<MicroGrid, DemoUnitRow>;

class Generator implements PlayerClock {
  readonly reopenWindowDays = REOPEN_WINDOW_DAYS;
  readonly draw: Draw;
  readonly cal: WorkCalendar;
  readonly end: Date;
  private readonly categoryByCode: Map<string, CategoryRow>;
  private readonly microByTilt = new Map<string, (readonly [MicroGrid, number])[]>();
  private readonly microById: Map<string, MicroGrid>;
  private readonly orderNos = new Set<string>();
  readonly played: CasePlayer[] = [];

  /** The clock ticks every 30 s: a stage fires 3–29 s after its time. */
  jitterSeconds(): number {
    return this.draw.int(3, 29);
  }

  constructor(readonly input: GeneratorInput) {
    this.draw = new Draw(createRng(input.seed));
    this.cal = input.cal;
    this.end = new Date(localMidnight(input.to).getTime() + DAY);
    this.categoryByCode = new Map(input.categories.map((c) => [c.code, c]));
    this.microById = new Map(input.micro.map((m) => [m.id, m]));
    for (const [tilt, weights] of Object.entries({ ...PLACE_TILT, any: {} as Partial<Record<string, number>> })) {
      this.microByTilt.set(tilt, input.micro.map((m) => [m, weights[m.type] ?? 1] as const));
    }
  }

  /** Report times, categories and channels for every day of the period, in report order. */
  plan(): Planned[] {
    const d = this.draw;
    const out: Planned[] = [];
    const codes = Object.keys(CATEGORY_WEIGHTS).filter((c) => this.categoryByCode.has(c));
    for (let day = localMidnight(this.input.from); day < this.end; day = new Date(day.getTime() + DAY)) {
      const date = isoDate(day);
      const month = Number(date.slice(5, 7));
      const working = this.cal.isWorkingDay(date);
      const holiday = CN_CALENDAR_2021_2026.some((x) => x.date === date && x.kind === "holiday");
      const count = working ? d.int(9, 14) : holiday ? d.int(5, 8) : d.int(5, 9);
      const summer = month >= 6 && month <= 9;
      const weights = codes.map((code) => {
        let w = CATEGORY_WEIGHTS[code]!;
        if (summer && (code === "0603" || code === "0106" || code === "0102")) w *= 1.4;
        if (code === "0401") w *= summer ? 1.5 : 0.5;
        // Holiday crowds at 虹桥火车站: bikes, cars and touts.
        if (holiday && (code === "0601" || code === "0503" || code === "0504")) w *= 2;
        return [code, w] as const;
      });
      const storm = STORMS[date];
      const dayPlans: { code: string; storm: string | null }[] = [];
      for (let i = 0; i < count; i++) dayPlans.push({ code: d.weighted(weights), storm: null });
      if (storm) {
        const label = storm.name ? `台风“${storm.name}”` : "强降雨";
        for (let i = d.int(...storm.flooded); i > 0; i--) dayPlans.push({ code: "0401", storm: label });
        if (storm.name) for (let i = d.int(2, 6); i > 0; i--) dayPlans.push({ code: d.weighted(STORM_EXTRAS), storm: label });
      }
      for (const p of dayPlans) {
        const channel = this.channelFor(p.code, p.storm !== null);
        out.push({ reportedAt: this.reportTime(day, p.code, channel, working, p.storm !== null), code: p.code, channel, storm: p.storm, stopAt: null });
      }
    }
    out.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
    this.pinOpenStates(out);
    return out;
  }

  private channelFor(code: string, storm: boolean): TCaseChannel {
    const tilt = CHANNEL_TILT[code] ?? {};
    return this.draw.weighted((Object.entries(CHANNEL_WEIGHTS) as [TCaseChannel, number][]).map(([ch, w]) => [ch, w * (tilt[ch] ?? 1) * (storm && ch === "patrol" ? 0.7 : 1)] as const));
  }

  /** Minutes after local midnight: patrols in working hours, noise at night, the rest over the day. */
  private reportTime(day: Date, code: string, channel: TCaseChannel, working: boolean, storm: boolean): Date {
    const d = this.draw;
    let minutes: number;
    if (channel === "patrol") minutes = d.int(working ? 8 * 60 + 30 : 9 * 60, working ? 17 * 60 + 30 : 16 * 60);
    else if (NOISE.has(code) && d.chance(0.65)) minutes = d.int(21 * 60 + 30, 23 * 60 + 59);
    else if (storm) minutes = d.int(6 * 60, 22 * 60);
    else {
      const hour = d.weighted(HOUR_WEIGHTS);
      minutes = hour * 60 + d.int(0, 59);
    }
    return new Date(day.getTime() + minutes * MINUTE + d.int(0, 59) * 1000);
  }

  /**
   * A queue at the end of the period that shows every open state: a few cases of the last days
   * stop where a real queue would hold them (reported late on Sunday night, handled and awaiting
   * checking since Thursday, a return awaiting approval …).
   */
  private pinOpenStates(plans: Planned[]) {
    const lastDay = isoDate(new Date(this.end.getTime() - DAY));
    const daysBefore = (n: number) => isoDate(new Date(this.end.getTime() - n * DAY));
    const pins: [CaseState, string[]][] = [
      ["reported", [lastDay]],
      ["filed", [lastDay]],
      ["dispatched", [lastDay]],
      ["acknowledged", [daysBefore(4), daysBefore(5)]],
      ["in_progress", [daysBefore(4), daysBefore(5)]],
      ["return_requested", [daysBefore(4), daysBefore(5)]],
      ["handled", [daysBefore(4), daysBefore(5)]],
      ["verified", [daysBefore(4), daysBefore(5)]],
    ];
    for (const [state, days] of pins) {
      const candidates = plans.filter((p) => !p.stopAt && p.channel !== "patrol" && days.includes(isoDate(p.reportedAt)) && localHour(p.reportedAt) >= 8 && localHour(p.reportedAt) < 15);
      const chosen = state === "reported" ? plans.filter((p) => !p.stopAt && p.channel !== "patrol" && isoDate(p.reportedAt) === lastDay).at(-1) : candidates[0];
      if (chosen) chosen.stopAt = state;
    }
  }

  /** Plays every planned case. */
  run(): CasePlayer[] {
    const plans = this.plan();
    const numbers = new Map(this.input.lastNumber);
    for (const p of plans) {
      const year = new Date(p.reportedAt.getTime() + SHANGHAI).getUTCFullYear();
      const n = (numbers.get(year) ?? 0) + 1;
      numbers.set(year, n);
      const c = this.start(p, `${this.input.prefix}-${year}-${String(n).padStart(6, "0")}`);
      try {
        this.live(c, p);
      } catch (err) {
        if (!(err instanceof Stop)) throw err;
      }
      c.runClock(this.end);
      this.played.push(c);
    }
    for (const c of this.played) c.row.nextEscalationAt = null;
    return this.played;
  }

  /** The report: where, what, who, and the case row as intake writes it. */
  private start(p: Planned, number: string): CasePlayer {
    const d = this.draw;
    const cat = this.categoryByCode.get(p.code)!;
    let micro: MicroGrid;
    let point: [number, number];
    let main: CasePlayer | undefined;
    const attributes: Record<string, string | number | string[]> = {};
    let apartment: DemoUnitRow | undefined;
    if (p.channel !== "patrol" && !p.stopAt && d.chance(0.035)) main = this.recentMain(p);
    if (main) {
      micro = main.micro;
      point = this.near(micro, main.row.lng!, main.row.lat!);
      apartment = main.subjectUnit ?? undefined;
    } else if (p.code === "0605" && (apartment = this.pickUnit(cat, null, "apartment")) && apartment.gridId && this.microById.has(apartment.gridId)) {
      micro = this.microById.get(apartment.gridId)!;
      point = this.pointIn(micro);
    } else {
      micro = d.weighted(this.microByTilt.get(PLACE_OF[p.code] ?? "street")!);
      point = this.pointIn(micro);
    }
    const address = this.addressIn(micro);
    if (p.code === "0605") {
      const name = apartment?.name ?? `长租公寓${DEMO_MARK}`;
      attributes.apartment = `${name} ${d.int(1, 6)} 号楼`;
    }
    if (NOISE.has(p.code)) {
      const hour = localHour(p.reportedAt);
      attributes.noise_period = hour >= 22 || hour < 6 ? "night" : "day";
    }
    if (WITH_FLOOR.has(p.code) && d.chance(0.5)) attributes.floor = d.int(1, 18);
    let bikeBrand: string | null = null;
    if (p.code === "0601") {
      const [brand, key] = d.weighted(BIKE_BRANDS.map(([b, k, w]) => [[b, k] as const, w] as const));
      bikeBrand = brand;
      if (d.chance(0.7)) attributes.bike_brand = [key];
    }
    let description = d.pick(DESCRIPTIONS[p.code] ?? ["{p}有问题需要处理"]).replace("{p}", address).replace("{a}", String(attributes.apartment ?? address));
    if (p.storm) description = `${p.storm}影响，${description}`;
    if (bikeBrand && attributes.bike_brand) description = description.replace("共享单车", `${bikeBrand}共享单车`);

    const reporter = this.reporterFor(p.channel);
    const row = reportedDraft({
      tenantId: this.input.tenantId,
      id: timeOrderedId(p.reportedAt),
      number,
      channel: p.channel,
      priority: p.code.startsWith("04") ? (d.chance(0.6) ? "urgent" : "normal") : d.chance(0.02) ? "urgent" : "normal",
      categoryId: cat.id,
      description,
      address,
      lng: point[0],
      lat: point[1],
      gridId: micro.id,
      attributes,
      reporterNameEnc: reporter.name,
      reporterPhoneEnc: reporter.phone,
      anonymous: reporter.anonymous,
      hotlineOrderNo: p.channel === "hotline" ? this.orderNo(p.reportedAt) : null,
      reportedAt: p.reportedAt,
      isDemo: true,
    });
    const c = new Player<MicroGrid, DemoUnitRow>(row, cat, micro, this, REPORT_LABEL[p.channel] ?? micro.worker);
    c.stopAt = p.stopAt;
    c.subjectUnit = apartment ?? null;
    if (main) {
      c.mainable = false;
      c.mainCase = main;
    }
    return c;
  }

  /** An earlier open-or-recent case of the same category reported within 48 hours: the original of a duplicate. */
  private recentMain(p: Planned): CasePlayer | undefined {
    const since = p.reportedAt.getTime() - 2 * DAY;
    for (let i = this.played.length - 1; i >= 0; i--) {
      const c = this.played[i]!;
      if (c.row.reportedAt.getTime() < since) return undefined;
      if (c.mainable && this.categoryByCode.get(p.code)!.id === c.row.categoryId && c.row.lng !== null) return c;
    }
    return undefined;
  }

  /** How the case goes from report to closure (or to where the period ends). */
  private live(c: CasePlayer, p: Planned) {
    const d = this.draw;
    const cal = this.cal;
    const r = c.row;
    const code = p.code;
    const pinned = p.stopAt !== null;
    const dispatcher = () => d.pick(DISPATCHERS);
    const real = (t: Date, a: number, b: number) => new Date(t.getTime() + Math.round(d.float(a, b) * 60) * 1000);
    const work = (t: Date, a: number, b: number) => new Date(cal.addWorkingTime(t, { value: d.int(a, b) / 60, unit: "hours" }).getTime() + d.int(0, 59) * 1000);
    const inWorkingTime = (t: Date) => cal.workingMinutesBetween(t, new Date(t.getTime() + MINUTE)) > 0;
    const roundSec = (t: Date) => new Date(Math.round(t.getTime() / 1000) * 1000);
    const handler = () => {
      const unit = this.input.units.find((u) => u.id === r.assigneeUnitId);
      const name = unit?.name ?? "处置单位";
      return name.includes(DEMO_MARK) ? `${name}·经办人` : `${name}·经办人${DEMO_MARK}`;
    };
    if (p.stopAt === "reported") return;

    const main = c.mainCase;
    if (main) {
      c.step("merge", real(r.reportedAt, 5, 60), dispatcher(), "dispatcher", { main, note: `与 ${main.row.number} 为同一问题，合并办理` });
      return;
    }
    if (p.channel === "patrol" && SELF_RESOLVABLE.has(code) && d.chance(0.45)) {
      c.mainable = false;
      c.step("self_resolve", real(r.reportedAt, 3, 25), c.micro.worker, "handler", { note: `网格员现场处置：${cat(c).closingStandard ?? "问题已解决"}` });
      return;
    }
    if (!pinned && p.channel !== "patrol" && d.chance(0.03)) {
      c.mainable = false;
      c.step("void", real(r.reportedAt, 10, 90), dispatcher(), "dispatcher", { reason: d.pick(VOID_REASONS) });
      return;
    }

    let t = c.step("file", real(r.reportedAt, 3, 45), dispatcher(), "dispatcher");
    const firstUnit = c.subjectUnit ?? this.pickUnit(cat(c), c.micro.disposalId, code === "0605" ? "apartment" : code === "0601" ? "bike" : null, r.description);
    t = c.step("dispatch", real(t, 2, 25), dispatcher(), "dispatcher", { unit: firstUnit });

    const around = AROUND_THE_CLOCK.has(code);
    const acknowledge = (from: Date) => c.step("acknowledge", around && !inWorkingTime(from) && d.chance(0.55) ? real(from, 8, 50) : work(from, 3, 40), handler(), "handler");

    // 退回: the handler says it is not theirs.
    const wantsReturn = p.stopAt === "return_requested" || (!pinned && d.chance(0.04));
    if (wantsReturn) {
      if (d.chance(0.4) || p.stopAt === "return_requested") t = acknowledge(t);
      t = c.step("request_return", work(t, 10, 150), handler(), "handler", { reason: d.pick(RETURN_REASONS) });
      if (d.chance(0.8)) {
        t = c.step("approve_return", real(t, 10, 120), dispatcher(), "dispatcher");
        const other = this.otherUnit(firstUnit, c.micro.disposalId);
        t = c.step("dispatch", real(t, 3, 30), dispatcher(), "dispatcher", { unit: other });
      } else {
        t = c.step("refuse_return", real(t, 10, 120), dispatcher(), "dispatcher", { reason: d.pick(REFUSE_RETURN) });
      }
    }
    const handleRound = (lateChance: number, reopened: boolean) => {
      if (r.state === "dispatched") t = acknowledge(t);
      if (r.state === "acknowledged" && (p.stopAt === "in_progress" || d.chance(0.55))) t = c.step("start", real(t, 2, 20), handler(), "handler");
      let late = d.chance(lateChance);
      // 延期: mostly on day-limit categories.
      const handleLimit = fromJsonColumn<TimeLimit | null>(cat(c).handleLimit);
      const dayLimit = handleLimit?.unit === "days";
      if (!pinned && !reopened && d.chance(dayLimit ? 0.12 : 0.015)) {
        const requestAt = later(roundSec(cal.addWorkingFraction(r.dispatchedAt!, r.handleDueAt!, d.float(0.35, 0.8))), t);
        const due = dayLimit ? cal.addWorkingTime(r.handleDueAt!, { value: d.int(2, 5), unit: "days" }) : cal.addWorkingTime(r.handleDueAt!, { value: d.int(2, 8), unit: "hours" });
        t = c.step("request_extension", requestAt, handler(), "handler", { reason: d.pick(EXTENSION_REASONS), dueAt: due });
        const decideAt = work(t, 15, 120);
        if (decideAt < due && d.chance(0.8)) {
          t = c.step("approve_extension", decideAt, dispatcher(), "dispatcher", { dueAt: due });
          late = d.chance(0.04);
        } else {
          t = c.step("refuse_extension", decideAt, dispatcher(), "dispatcher", { reason: d.pick(REFUSE_EXTENSION) });
          late = d.chance(0.4);
        }
      }
      const fraction = late ? 1.02 + 0.9 * d.next() ** 1.8 : 0.08 + 0.85 * d.next() ** 1.4;
      let handleAt = roundSec(cal.addWorkingFraction(r.dispatchedAt!, r.handleDueAt!, fraction));
      if (!late && around && !inWorkingTime(r.dispatchedAt!) && d.chance(0.6)) handleAt = real(t, 15, 120);
      if (handleAt <= t) handleAt = work(t, 5, 40);
      if (handleAt > r.handleDueAt! && d.chance(0.5)) {
        const superviseAt = work(r.handleDueAt!, 20, 180);
        if (superviseAt < handleAt && superviseAt > t) t = c.step("supervise", superviseAt, dispatcher(), "dispatcher", { note: d.pick(SUPERVISE_NOTES) });
      }
      const prefix = reopened ? "重办：" : "";
      t = c.step("handle", handleAt, handler(), "handler", { note: `${prefix}${d.pick(HANDLE_PREFIX)}${cat(c).closingStandard ?? "问题已处置"}` });
      if (!pinned && !reopened && d.chance(0.035)) {
        if (d.chance(0.3)) t = c.step("verify", work(t, 10, 150), dispatcher(), "dispatcher");
        t = c.step("rework", work(t, 20, 240), dispatcher(), "dispatcher", { reason: d.pick(REWORK_REASONS) });
        t = c.step("handle", work(t, 30, 480), handler(), "handler", { note: `返工后已整改到位：${cat(c).closingStandard ?? "问题已处置"}` });
      }
      t = c.step("verify", work(t, 10, 150), dispatcher(), "dispatcher");
      t = c.step("close", real(t, 3, 40), dispatcher(), "dispatcher");
    };
    handleRound(0.075, false);
    const wasLate = r.handledOnTime === false;

    // 回访 and ratings: every 12345 order is called back; app reporters rate some of theirs.
    const ask = (second: boolean): boolean => {
      const named = !r.anonymous;
      const calls = p.channel === "hotline" ? 0.92 : p.channel === "staff_proxy" || p.channel === "open311" ? 0.5 : 0;
      const rates = p.channel === "resident_app" ? (named ? 0.55 : 0.3) : 0;
      const pDissatisfied = second ? 0.1 : 0.1 + (wasLate ? 0.14 : 0) + (r.reworkCount > 0 ? 0.08 : 0) + (NOISE.has(code) || code === "0604" ? 0.05 : 0);
      const satisfaction = d.weighted<TSatisfaction>([
        ["dissatisfied", pDissatisfied],
        ["basically_satisfied", 0.27],
        ["satisfied", 1 - 0.27 - pDissatisfied],
      ]);
      if (d.chance(calls)) {
        t = c.step("follow_up", work(t, 30, 900), d.pick(FOLLOW_UP), "dispatcher", { satisfaction, note: d.pick(FOLLOW_UP_NOTES[satisfaction]) });
      } else if (d.chance(rates)) {
        t = c.step("rate", real(t, 60, 20 * 60), REPORTER_LABEL, "reporter", { satisfaction, note: satisfaction === "satisfied" && d.chance(0.4) ? "处理很及时，谢谢" : undefined });
      } else return false;
      return satisfaction === "dissatisfied";
    };
    if (ask(false) && d.chance(0.5)) {
      t = c.step("reopen", work(t, 20, 480), dispatcher(), "dispatcher", { reason: d.pick(REOPEN_REASONS) });
      handleRound(0.05, true);
      if (d.chance(0.85)) ask(true);
    }
  }

  // --- places, units and people

  private pointIn(micro: MicroGrid): [number, number] {
    const [minX, minY, maxX, maxY] = micro.bbox;
    for (let i = 0; i < 200; i++) {
      const x = Math.round(this.draw.float(minX, maxX) * 1e6) / 1e6;
      const y = Math.round(this.draw.float(minY, maxY) * 1e6) / 1e6;
      if (pointInGeometry(x, y, micro.geometry)) return [x, y];
    }
    const c = centroidOf(micro.geometry)!;
    return [c[0], c[1]];
  }

  /** A point within ~30 m of another in the same micro grid (a duplicate report of one problem). */
  private near(micro: MicroGrid, lng: number, lat: number): [number, number] {
    for (let i = 0; i < 20; i++) {
      const x = Math.round((lng + this.draw.float(-0.0003, 0.0003)) * 1e6) / 1e6;
      const y = Math.round((lat + this.draw.float(-0.00025, 0.00025)) * 1e6) / 1e6;
      if (pointInGeometry(x, y, micro.geometry)) return [x, y];
    }
    return [lng, lat];
  }

  /** An address near real places of the micro grid's autonomous grid (house numbers invented). */
  private addressIn(micro: MicroGrid): string {
    const d = this.draw;
    const parent = micro.parentName;
    if (parent.endsWith("街面")) return `${parent.slice(0, -2)}${d.int(1, 180) * 2 + d.int(0, 1)}号附近`;
    if (parent === "虹桥火车站工作站") return d.pick(["虹桥火车站北广场", "虹桥火车站南广场", "申贵路虹桥火车站东侧", "虹桥火车站出租车上客区旁"]);
    if (parent === "虹桥商务区核心区工作站") return `${d.pick(["虹桥天地", "龙湖天地", "虹桥恒基旭辉中心", "诺亚财富中心", "虹桥绿谷"])}${d.pick(["东侧", "门口", "周边", "地下车库出口", "西侧人行道"])}`;
    const village = /^(爱博.村)居委$/.exec(parent);
    if (village) return `${village[1]}${d.int(1, 60)}号楼`;
    if (parent === "申贵路居委") return `申贵路${d.int(1, 30) * 10}弄${d.int(1, 40)}号`;
    const road = ROAD_OF.find(([prefix]) => parent.startsWith(prefix))?.[1] ?? ["申滨路"];
    return `${d.pick(road)}${d.int(1, 120) * 10}弄${d.int(1, 40)}号`;
  }

  /**
   * A handler for a category: a unit whose name fits it (in the case's disposal grid when there is
   * one there), else one of the category's default kind, else a government department.
   */
  pickUnit(cat: CategoryRow, disposalId: string | null, special: "apartment" | "bike" | null, description = ""): DemoUnitRow {
    const d = this.draw;
    const all = this.input.units;
    let candidates: DemoUnitRow[] = [];
    if (special === "apartment") candidates = all.filter((u) => u.kind === "apartment_operator" && u.isDemo);
    else if (special === "bike") {
      const brand = BIKE_BRANDS.find(([b]) => description.includes(b))?.[0];
      const operators = all.filter((u) => u.kind === "bike_operator");
      candidates = operators.filter((u) => brand && u.name.includes(brand));
      if (candidates.length === 0) candidates = operators;
    } else {
      for (const word of UNIT_PREFERENCES[cat.code] ?? []) {
        candidates = all.filter((u) => u.name.includes(word));
        if (candidates.length > 0 && d.chance(0.8)) break;
      }
    }
    if (candidates.length === 0 && cat.defaultUnitKind) candidates = all.filter((u) => u.kind === cat.defaultUnitKind && u.isDemo);
    if (candidates.length === 0) candidates = all.filter((u) => u.kind === "government");
    if (candidates.length === 0) candidates = all;
    const local = candidates.filter((u) => u.disposalId === disposalId);
    return d.pick(local.length > 0 && special !== "apartment" ? local : candidates);
  }

  private otherUnit(previous: DemoUnitRow, disposalId: string | null): DemoUnitRow {
    for (const word of REDISPATCH_TO) {
      const found = this.input.units.filter((u) => u.id !== previous.id && u.name.includes(word));
      if (found.length > 0 && this.draw.chance(0.6)) {
        const local = found.filter((u) => u.disposalId === disposalId);
        return this.draw.pick(local.length > 0 ? local : found);
      }
    }
    const any = this.input.units.filter((u) => u.id !== previous.id && u.kind === "government");
    return this.draw.pick(any.length > 0 ? any : this.input.units);
  }

  /** Encrypted contact for hotline and staff entries, some app users and Open311 reporters. */
  private reporterFor(channel: TCaseChannel): { name: string | null; phone: string | null; anonymous: boolean } {
    const d = this.draw;
    const known = () => d.pick(this.residents());
    switch (channel) {
      case "hotline":
      case "staff_proxy":
        return { ...known(), anonymous: d.chance(0.1) };
      case "resident_app":
        return d.chance(0.4) ? { name: null, phone: null, anonymous: true } : { ...known(), anonymous: false };
      case "open311":
        return d.chance(0.5) ? { ...known(), anonymous: false } : { name: null, phone: null, anonymous: false };
      case "patrol":
        return { name: null, phone: null, anonymous: false };
    }
  }

  private residentPool: { name: string; phone: string }[] | null = null;

  /**
   * 300 invented residents (phones 199 0000 xxxx), encrypted once: people who report do so again,
   * and one encryption per case would be most of the seed's own time.
   */
  private residents(): { name: string; phone: string }[] {
    if (!this.residentPool) {
      const d = this.draw;
      const pd = this.input.pd;
      this.residentPool = Array.from({ length: 300 }, (_, i) => ({
        name: pd.encrypt(`${d.pick([...SURNAMES])}${d.pick(GIVEN)}`),
        phone: pd.encrypt(`1990000${String(i * 33 + d.int(0, 32)).padStart(4, "0")}`),
      }));
    }
    return this.residentPool;
  }

  /** A 12345 work-order number: YYMM + 8 digits, unique. */
  private orderNo(at: Date): string {
    const local = new Date(at.getTime() + SHANGHAI);
    const prefix = `${String(local.getUTCFullYear()).slice(2)}${String(local.getUTCMonth() + 1).padStart(2, "0")}`;
    for (;;) {
      const no = `${prefix}${String(this.draw.int(10_000_000, 99_999_999))}`;
      if (!this.orderNos.has(no)) {
        this.orderNos.add(no);
        return no;
      }
    }
  }
}

/** Hour-of-day weights of reports from residents and the hotline. */
const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23].map(
  (h) => [h, [0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.8, 2.5, 5, 7, 7, 6, 4, 5, 6, 6, 6, 5, 5, 5, 5, 4, 2.5, 1.2][h]!] as const,
);

/** Invented residential areas: the real roads they lie on. */
const ROAD_OF: readonly (readonly [string, readonly string[]])[] = [
  ["申虹", ["申虹路", "申长路"]],
  ["扬虹", ["扬虹路"]],
  ["华美", ["天山西路", "华翔路"]],
  ["航华", ["宁虹路", "申滨路"]],
  ["新虹村", ["润虹路", "申滨路"]],
  ["润虹", ["润虹路"]],
];

const cat = (c: CasePlayer) => c.category;

const later = (t: Date, after: Date) => (t > after ? t : new Date(after.getTime() + 10 * MINUTE));

function localMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI);
}
function isoDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI).toISOString().slice(0, 10);
}
function localHour(at: Date): number {
  return new Date(at.getTime() + SHANGHAI).getUTCHours();
}

// ---------------------------------------------------------------------------------------------
// Seeding

/**
 * Generates and inserts the Xinhong demo cases (2021-05 … 2021-10 by default) with their full
 * event history and fired escalations, in bulk, inside the caller's transaction. Needs the demo
 * grid tree and units (run after the demo network). Idempotent: a tenant that already has demo
 * cases, or has no micro grids with boundaries or no units, is left unchanged (returns null).
 * Numbers continue the tenant's counter and the counter is moved past them, so live cases carry on.
 * Every case ends with `next_escalation_at` null: the live clock never fires for 2021. The
 * tenant's evaluation rollups are rebuilt at the end (ADR 0011), so 考核评价 shows the demo's figures.
 */
export async function seedDemoCases(tx: Db, tenantId: string, pd: PersonalData, opts: DemoCaseOptions = {}): Promise<DemoCaseCounts | null> {
  const [existing] = await tx.select({ id: cases.id }).from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.isDemo, true))).limit(1);
  if (existing) return null;

  const gridRows = await tx
    .select({ id: grids.id, code: grids.code, path: grids.path, level: grids.level, name: grids.name, type: grids.type, boundary: grids.boundary, parentId: grids.parentId })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo)));
  const byId = new Map(gridRows.map((g) => [g.id, g]));
  const workerRows = await tx
    .select({ gridId: staffAssignments.gridId, name: people.name })
    .from(staffAssignments)
    .innerJoin(people, and(eq(people.tenantId, staffAssignments.tenantId), eq(people.id, staffAssignments.personId)))
    .where(and(eq(staffAssignments.tenantId, tenantId), eq(staffAssignments.post, "grid_worker"), isNull(staffAssignments.toDate)));
  const workers = new Map(workerRows.map((w) => [w.gridId, `网格员 ${Array.from(w.name)[0]}*${DEMO_MARK}`]));
  const disposalOf = (path: string | null) => ancestorAt(path, GRID_LEVEL.disposal);
  const micro: MicroGrid[] = gridRows
    .filter((g) => g.level === GRID_LEVEL.micro && g.boundary)
    // By code, not id: ids are random, and the draws must meet the grids in the same order every time.
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((g) => {
      const geometry = fromJsonColumn<GridGeometry>(g.boundary);
      return {
        id: g.id,
        path: g.path,
        name: g.name,
        type: g.type,
        parentName: (g.parentId ? (byId.get(g.parentId)?.name ?? "") : "").replace(DEMO_MARK, ""),
        disposalId: disposalOf(g.path),
        geometry,
        bbox: bboxOf(geometry),
        worker: workers.get(g.id) ?? `网格员${DEMO_MARK}`,
      };
    });
  const unitRows = (await tx.select({ id: units.id, name: units.name, kind: units.kind, isDemo: units.isDemo, gridId: units.gridId }).from(units).where(eq(units.tenantId, tenantId))).sort(
    (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  if (micro.length === 0 || unitRows.length === 0) return null;
  const demoUnits = unitRows.map((u) => ({ ...u, disposalId: disposalOf(u.gridId ? (byId.get(u.gridId)?.path ?? null) : null) }));
  const categories = await tx
    .select()
    .from(caseCategories)
    .where(and(eq(caseCategories.tenantId, tenantId), eq(caseCategories.level, 2), eq(caseCategories.active, true)));
  const counters = await tx.execute(sql`select year, last from case_counters where tenant_id = ${tenantId}`);
  const lastNumber = new Map((counters as unknown as { rows: { year: number; last: number }[] }).rows.map((r) => [Number(r.year), Number(r.last)]));

  const generator = new Generator({
    tenantId,
    prefix: CASE_NUMBER_PREFIX[tenantId] ?? tenantId.slice(0, 2).toUpperCase(),
    cal: new WorkCalendar(CN_CALENDAR_2021_2026),
    categories,
    micro,
    units: demoUnits,
    lastNumber,
    from: opts.from ?? DEMO_CASES_PERIOD.from,
    to: opts.to ?? DEMO_CASES_PERIOD.to,
    seed: opts.seed ?? DEMO_CASES_SEED,
    pd,
  });
  const played = generator.run();
  await insertCases(tx, played.map((c) => c.row));
  // Insertion order is `seq` order: events in time order, as they happened.
  const events = played.flatMap((c) => c.events).sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  await insertEvents(tx, tenantId, events);
  const escalations = played.flatMap((c) => c.escalations);
  await insertRows(tx, caseEscalations, escalations);

  const lastByYear = new Map<number, number>();
  for (const c of played) {
    const [, year, n] = /-(\d{4})-(\d+)$/.exec(c.row.number)!;
    lastByYear.set(Number(year), Math.max(lastByYear.get(Number(year)) ?? 0, Number(n)));
  }
  for (const [year, last] of lastByYear) {
    await tx.execute(sql`
      insert into case_counters (tenant_id, year, last) values (${tenantId}, ${year}, ${last})
      on conflict (tenant_id, year) do update set last = greatest(case_counters.last, excluded.last)`);
  }
  // The cases went in without the live steps' rollup upkeep: count them once, in this transaction.
  await rebuildRollups(tx, tenantId);
  const open = new Set<string>(OPEN_CASE_STATES);
  return { cases: played.length, caseEvents: events.length, caseEscalations: escalations.length, open: played.filter((c) => open.has(c.row.state)).length };
}
