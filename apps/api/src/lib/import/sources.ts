import type { TLocale } from "@caihong/contracts";
import { z } from "zod";
import { AppError, msg } from "../errors";
import { localizeIssue } from "../validation";
import { readXlsx, type ParsedSheet } from "../xlsx";
import type { ProblemInput, RowUnit } from "./problems";

/** One row of a file as read: where it is and what it holds. */
export interface SourceRow<Raw> {
  /** 1-based sheet row of a workbook (the header row is 1), 0-based feature index of a FeatureCollection. */
  row: number;
  raw: Raw;
}

/** How an import reads its file into rows, and how it names places and bad values in them. */
export interface ImportSource<Raw> {
  /** The first word of a problem's place (`rows.5.名称`, `features.3.geometry`). */
  readonly unit: RowUnit;
  /**
   * Reads the file into rows. Problems of the file as a whole (a required column missing, not a
   * FeatureCollection) stop the import before any row is checked; a file that cannot be read at
   * all throws its own 4xx.
   */
  read(input: unknown, locale: TLocale): Promise<{ rows: SourceRow<Raw>[]; problems: ProblemInput[] }>;
  /** What a row's zod schema parses: a workbook row's cells by field, a feature as it is. */
  schemaInput(raw: Raw): unknown;
  /** The column that a zod issue path inside one row names: the header as written, or the property path. */
  columnOf(path: readonly PropertyKey[], raw: Raw): string | null;
  /** The sentence for a bad value, naming its row and column the way this kind of file does. */
  invalidMessage(row: number, column: string | null, message: string, locale: TLocale): string;
}

/** A localized message for one zod issue; a refinement may give its own as `params.message` ({ "zh-CN", en }). */
export function issueMessage(issue: z.core.$ZodIssue, locale: TLocale): string {
  const own = issue.code === "custom" ? (issue.params?.message as Record<TLocale, string> | undefined) : undefined;
  return own?.[locale] ?? localizeIssue(issue, locale);
}

// ---------------------------------------------------------------------------------------------
// Excel workbooks

/** One column an Excel import reads. */
export interface XlsxColumnSpec {
  /** Headers the column is known under, compared without case, spaces or a parenthesised note (`联系电话（已脱敏）`). */
  headers: readonly string[];
  /** The column's name when a problem says it is missing. */
  label: Record<TLocale, string>;
  /** Without it the file is refused as a whole (`missing_column`). */
  required?: boolean;
}

/** One data row of a workbook: cell text by field. */
export interface XlsxRow<F extends string> {
  /** Trimmed cell text by field: "" for an empty cell, absent when the file has no such column (an import may leave that field alone). */
  cells: Partial<Record<F, string>>;
  /** The header each field was found under in this file (problems name the column as the person wrote it). */
  columns: Partial<Record<F, string>>;
}

/** A header as compared: no case, no spaces, no parenthesised note. */
export const headerKey = (header: string) => header.replace(/[（(].*?[)）]/g, "").replace(/\s+/g, "").toLowerCase();

/** The 400 for a body that is no .xlsx workbook. */
export function notAWorkbook(locale: TLocale): AppError {
  return new AppError("VALIDATION_FAILED", msg("文件不是有效的 Excel 工作簿（.xlsx）", "The file is not a valid Excel workbook (.xlsx)"), {
    errors: [{ path: "body", message: locale === "en" ? "Not an .xlsx workbook" : "不是 .xlsx 工作簿" }],
  });
}

/**
 * The first sheet of an .xlsx workbook: headers matched to fields (first match wins), a problem per
 * required column that is missing, one row per non-empty data row. `unreadable` builds the error
 * for a body that is no workbook (default: 400 VALIDATION_FAILED on `body`).
 */
export function xlsxSource<F extends string>(columns: Record<F, XlsxColumnSpec>, options: { unreadable?: (locale: TLocale) => AppError } = {}): ImportSource<XlsxRow<F>> {
  const fields = Object.keys(columns) as F[];
  return {
    unit: "rows",
    async read(input, locale) {
      let sheet: ParsedSheet;
      try {
        if (!Buffer.isBuffer(input)) throw new Error("not a buffer");
        sheet = await readXlsx(input);
      } catch {
        throw (options.unreadable ?? notAWorkbook)(locale);
      }
      const found: Partial<Record<F, string>> = {};
      for (const header of sheet.headers) {
        const key = headerKey(header);
        const field = fields.find((f) => columns[f].headers.some((h) => headerKey(h) === key));
        if (field && found[field] === undefined) found[field] = header;
      }
      const problems: ProblemInput[] = fields
        .filter((f) => columns[f].required && found[f] === undefined)
        .map((f) => {
          const label = columns[f].label[locale];
          return { row: 1, column: label, code: "missing_column", message: locale === "en" ? `The sheet has no "${label}" column` : `工作表缺少“${label}”列` };
        });
      const rows = sheet.rows.map(({ row, values }) => {
        const cells: Partial<Record<F, string>> = {};
        for (const f of fields) {
          const header = found[f];
          if (header !== undefined) cells[f] = values[header] ?? "";
        }
        return { row, raw: { cells, columns: found } };
      });
      return { rows, problems };
    },
    schemaInput: (raw) => raw.cells,
    columnOf: (path, raw) => {
      const field = path[0] as F | undefined;
      return field === undefined ? null : (raw.columns[field] ?? String(field));
    },
    invalidMessage: (row, column, message, locale) => (locale === "en" ? `Row ${row}, ${column ?? "-"}: ${message}` : `第 ${row} 行 ${column ?? ""}：${message}`),
  };
}

// ---------------------------------------------------------------------------------------------
// GeoJSON FeatureCollections

const ZEnvelope = (maxFeatures: number) => z.object({ type: z.literal("FeatureCollection"), features: z.array(z.unknown()).max(maxFeatures) });

/**
 * A GeoJSON FeatureCollection (already parsed from JSON): one row per feature, numbered from 0.
 * A body that is not a FeatureCollection is one problem of the file (`not_feature_collection`)
 * plus the schema problems of its envelope.
 */
export function featureSource(options: { maxFeatures?: number } = {}): ImportSource<unknown> {
  const envelope = ZEnvelope(options.maxFeatures ?? 100_000);
  return {
    unit: "features",
    async read(input, locale) {
      const parsed = envelope.safeParse(input);
      if (!parsed.success) {
        const problems: ProblemInput[] = [
          { row: null, column: null, code: "not_feature_collection", message: locale === "en" ? "The file is not a GeoJSON FeatureCollection" : "文件不是 GeoJSON FeatureCollection" },
          ...parsed.error.issues.map((issue) => {
            const column = issue.path.map(String).join(".") || null;
            return { row: null, column, code: "invalid_value", message: featureMessage(column, issueMessage(issue, locale), locale) };
          }),
        ];
        return { rows: [], problems };
      }
      return { rows: parsed.data.features.map((raw, row) => ({ row, raw })), problems: [] };
    },
    schemaInput: (raw) => raw,
    columnOf: (path) => path.map(String).join(".") || null,
    invalidMessage: (_row, column, message, locale) => featureMessage(column, message, locale),
  };
}

const featureMessage = (column: string | null, message: string, locale: TLocale) => `${column ?? "body"}${locale === "en" ? ": " : "："}${message}`;
