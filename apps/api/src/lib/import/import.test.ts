import { ZImportRejection } from "@caihong/contracts";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "../../db/client";
import { AppError } from "../errors";
import { writeXlsx } from "../xlsx";
import { featureSource, placeOf, runImport, UNCHANGED, xlsxSource, type ImportDefinition, type ImportProgress, type XlsxRow } from ".";

// A small fake import: shops by licence number (the natural key) with a name and a head count,
// stored in a Map; the fake database runs the write on a copy and keeps it only if it succeeds.

interface Shop {
  name: string;
  staff: number;
}

class FakeStore {
  shops = new Map<string, Shop>();
  transactions = 0;
  readonly db = {
    transaction: async (fn: (tx: Db) => Promise<void>) => {
      this.transactions++;
      const before = new Map(this.shops);
      try {
        await fn({} as Db);
      } catch (err) {
        this.shops = before;
        throw err;
      }
    },
  } as unknown as Db;
}

type Field = "licence" | "name" | "staff";
type Change = { action: "insert" | "update" | typeof UNCHANGED; licence: string; shop: Shop };

const ZShopRow = z.object({
  licence: z.string().regex(/^[A-Z]\d{3}$/),
  name: z.string().min(1).max(20),
  staff: z.preprocess(
    (v) => (v === undefined || v === "" ? 0 : Number(v)),
    z.number().int().min(0).refine((n) => n < 1000, { params: { message: { "zh-CN": "人数过多", en: "Too many staff" } } }),
  ),
});

function shopImport(store: FakeStore, options: { failOn?: string } = {}): ImportDefinition<XlsxRow<Field>, z.infer<typeof ZShopRow>, Map<string, Shop>, Change> {
  return {
    source: xlsxSource<Field>({
      licence: { headers: ["执照号", "Licence"], label: { "zh-CN": "执照号", en: "Licence" }, required: true },
      name: { headers: ["名称", "Name"], label: { "zh-CN": "名称", en: "Name" }, required: true },
      staff: { headers: ["人数", "Staff"], label: { "zh-CN": "人数", en: "Staff" } },
    }),
    key: (raw) => raw.cells.licence || null,
    keyColumn: (raw) => raw.columns.licence ?? null,
    parse: ZShopRow,
    load: async () => new Map(store.shops),
    plan: (rows, stored) =>
      rows.map(({ key, value }) => {
        const shop = { name: value.name, staff: value.staff };
        const old = stored.get(key!);
        const action = !old ? "insert" : old.name === shop.name && old.staff === shop.staff ? UNCHANGED : "update";
        return { action, licence: key!, shop } as Change;
      }),
    write: async (_tx, changes, { wrote }) => {
      for (const c of changes) {
        if (c.licence === options.failOn) throw new Error("disk full");
        store.shops.set(c.licence, c.shop);
        wrote();
      }
    },
  };
}

const sheet = (headers: string[], rows: (string | number)[][]) =>
  writeXlsx<(string | number)[]>("Sheet", headers.map((header, i) => ({ header, value: (r) => r[i] })), rows);

async function rejection(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("the import engine on a workbook", () => {
  it("reads columns by any of their headers (case, spaces and a note ignored) and plans by key", async () => {
    const store = new FakeStore();
    const file = await sheet(["licence ", "名称（全称）", "STAFF"], [["A001", "面包房", 3], ["B002", "书店", 5]]);
    const out = await runImport(shopImport(store), file, { db: store.db, locale: "zh-CN", dryRun: false });
    expect(out).toMatchObject({ rows: 2, counts: { insert: 2 }, written: true });
    expect(store.shops.get("B002")).toEqual({ name: "书店", staff: 5 });
    expect(store.transactions).toBe(1);
  });

  it("changes nothing when the same file comes again, and writes only what changed", async () => {
    const store = new FakeStore();
    const file = await sheet(["执照号", "名称", "人数"], [["A001", "面包房", 3], ["B002", "书店", 5]]);
    await runImport(shopImport(store), file, { db: store.db, locale: "zh-CN", dryRun: false });
    const again = await runImport(shopImport(store), file, { db: store.db, locale: "zh-CN", dryRun: false });
    expect(again).toMatchObject({ counts: { unchanged: 2 }, written: false });
    expect(store.transactions).toBe(1);
    const edited = await sheet(["执照号", "名称", "人数"], [["A001", "面包房", 4], ["B002", "书店", 5], ["C003", "花店", 1]]);
    const progress: ImportProgress[] = [];
    const out = await runImport(shopImport(store), edited, { db: store.db, locale: "zh-CN", dryRun: false, onProgress: (p) => progress.push(p) });
    expect(out.counts).toEqual({ update: 1, unchanged: 1, insert: 1 });
    expect(progress).toEqual([
      { stage: "checked", done: 1, total: 3 },
      { stage: "checked", done: 2, total: 3 },
      { stage: "checked", done: 3, total: 3 },
      { stage: "written", done: 1, total: 2 },
      { stage: "written", done: 2, total: 2 },
    ]);
  });

  it("checks everything on a dry run and writes nothing", async () => {
    const store = new FakeStore();
    const file = await sheet(["执照号", "名称"], [["A001", "面包房"]]);
    const out = await runImport(shopImport(store), file, { db: store.db, locale: "zh-CN", dryRun: true });
    expect(out).toMatchObject({ dryRun: true, counts: { insert: 1 }, written: false });
    expect(store.shops.size).toBe(0);
    expect(store.transactions).toBe(0);
  });

  it("lists every bad row and column in row order in one 422 and writes nothing", async () => {
    const store = new FakeStore();
    const file = await sheet(
      ["执照号", "名称", "人数"],
      [
        ["A001", "面包房", 3],
        ["bad", "", 2],
        ["B002", "书店", 5000],
        ["A001", "又一个面包房", 1],
      ],
    );
    const err = await rejection(runImport(shopImport(store), file, { db: store.db, locale: "zh-CN", dryRun: false }));
    expect(err.code).toBe("UNPROCESSABLE");
    const body = ZImportRejection.parse({ type: "t", title: "t", status: 422, detail: "d", code: err.code, ...err.extra.extensions });
    expect(body.rows).toBe(4);
    expect(body.problems.map((p) => `${p.code}@${placeOf("rows", p.row, p.column)}`)).toEqual([
      "invalid_value@rows.3.执照号",
      "invalid_value@rows.3.名称",
      "invalid_value@rows.4.人数",
      "duplicate_key@rows.5.执照号",
    ]);
    expect(body.problems[2]!.message).toBe("第 4 行 人数：人数过多");
    expect(body.problems[3]!.message).toContain("首次在第 2 行");
    expect(store.transactions).toBe(0);
  });

  it("refuses a file without a required column as a whole", async () => {
    const store = new FakeStore();
    const err = await rejection(runImport(shopImport(store), await sheet(["Staff"], [[1]]), { db: store.db, locale: "en", dryRun: false }));
    expect(err.extra.extensions?.problems).toEqual([
      { row: 1, column: "Licence", code: "missing_column", message: 'The sheet has no "Licence" column' },
      { row: 1, column: "Name", code: "missing_column", message: 'The sheet has no "Name" column' },
    ]);
  });

  it("answers a body that is no workbook with 400, never a 500", async () => {
    const store = new FakeStore();
    const err = await rejection(runImport(shopImport(store), Buffer.from("not a zip"), { db: store.db, locale: "en", dryRun: false }));
    expect(err).toMatchObject({ code: "VALIDATION_FAILED", extra: { errors: [{ path: "body", message: "Not an .xlsx workbook" }] } });
  });

  it("rolls the whole write back when one change fails", async () => {
    const store = new FakeStore();
    const file = await sheet(["执照号", "名称"], [["A001", "面包房"], ["B002", "书店"]]);
    await expect(runImport(shopImport(store, { failOn: "B002" }), file, { db: store.db, locale: "zh-CN", dryRun: false })).rejects.toThrow("disk full");
    expect(store.shops.size).toBe(0);
  });

  it("lets the review of the whole plan add problems or refuse it", async () => {
    const store = new FakeStore();
    const file = await sheet(["执照号", "名称"], [["A001", "面包房"], ["B002", "书店"]]);
    const capped: typeof shopImport = (s) => ({
      ...shopImport(s),
      review: (changes, _state, problems) => {
        if (changes.length > 1) problems.add({ row: null, code: "too_many", message: "one shop per file" });
      },
    });
    const err = await rejection(runImport(capped(store), file, { db: store.db, locale: "zh-CN", dryRun: false }));
    expect(err.extra.extensions?.problems).toEqual([{ row: null, column: null, code: "too_many", message: "one shop per file" }]);
  });
});

describe("the import engine on a GeoJSON FeatureCollection", () => {
  const ZPlace = z.object({ type: z.literal("Feature"), properties: z.object({ code: z.string().min(3), name: z.string() }) });
  const places = (store: FakeStore): ImportDefinition<unknown, z.infer<typeof ZPlace>, null, Change> => ({
    source: featureSource({ maxFeatures: 10 }),
    key: (raw) => {
      const code = (raw as { properties?: { code?: unknown } }).properties?.code;
      return typeof code === "string" ? code : null;
    },
    keyColumn: () => "properties.code",
    parse: ZPlace,
    load: async () => null,
    plan: (rows) => rows.map((r) => ({ action: "insert" as const, licence: r.key!, shop: { name: r.value.properties.name, staff: 0 } })),
    write: async (_tx, changes) => {
      for (const c of changes) store.shops.set(c.licence, c.shop);
    },
  });

  it("numbers features from 0 and names the property at fault", async () => {
    const store = new FakeStore();
    const fc = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { code: "P01", name: "甲" } },
        { type: "Feature", properties: { code: "P", name: "乙" } },
        { type: "Feature", properties: { code: "P01", name: "丙" } },
      ],
    };
    const err = await rejection(runImport(places(store), fc, { db: store.db, locale: "en", dryRun: false }));
    const problems = err.extra.extensions?.problems as { row: number; column: string; code: string; message: string }[];
    expect(problems.map((p) => `${p.code}@${placeOf("features", p.row, p.column)}`)).toEqual(["invalid_value@features.1.properties.code", "duplicate_key@features.2.properties.code"]);
    expect(problems[0]!.message).toMatch(/^properties\.code: /);
  });

  it("refuses a body that is no FeatureCollection as a whole", async () => {
    const store = new FakeStore();
    const err = await rejection(runImport(places(store), { type: "Feature" }, { db: store.db, locale: "zh-CN", dryRun: false }));
    const problems = err.extra.extensions?.problems as { code: string; row: number | null }[];
    expect(problems[0]).toMatchObject({ code: "not_feature_collection", row: null });
    expect(problems.slice(1).every((p) => p.code === "invalid_value" && p.row === null)).toBe(true);
  });
});
