import type ExcelJS from "exceljs";
import type { FastifyReply } from "fastify";

// ExcelJS is loaded on the first export or import, not at start: it costs ~19 MB of the server's
// resident memory, and most processes never touch a spreadsheet.
const excel = async () => (await import("exceljs")).default;

/** One column of an exported sheet: header text and how to read the cell from a row. */
export interface XlsxColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | boolean | null | undefined;
}

/**
 * Writes rows into a one-sheet .xlsx workbook. Text that a spreadsheet would treat as a formula
 * (=, +, -, @ first) is stored as plain text, never evaluated.
 */
export async function writeXlsx<T>(sheetName: string, columns: XlsxColumn<T>[], rows: Iterable<T>): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = "Caihong";
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(columns.map((c) => c.value(row) ?? null));
  }
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

/** A parsed sheet: header names and data rows keyed by header (1-based Excel row numbers kept). */
export interface ParsedSheet {
  headers: string[];
  rows: Array<{ row: number; values: Record<string, string> }>;
}

/** Reads the first sheet of an .xlsx file; cells become trimmed strings. Throws on a non-xlsx buffer. */
export async function readXlsx(buffer: Buffer): Promise<ParsedSheet> {
  const workbook = new (await excel()).Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    headers[col - 1] = cellText(cell.value);
  });
  const rows: ParsedSheet["rows"] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h) values[h] = cellText(row.getCell(i + 1).value);
    });
    if (Object.values(values).some((v) => v !== "")) rows.push({ row: rowNumber, values });
  });
  return { headers: headers.filter(Boolean), rows };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
    if ("text" in value) return String(value.text).trim();
    if ("result" in value) return String(value.result ?? "").trim();
    return "";
  }
  return String(value).trim();
}

/** The media type of an .xlsx workbook. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Sends a body a route built itself (a workbook, GeoJSON text) past the response serializer; with a file name, as a download. */
export function sendFile(reply: FastifyReply, type: string, body: string | Buffer, filename?: string) {
  if (filename) reply.header("Content-Disposition", contentDisposition(filename));
  return reply.type(type).send(body);
}

/** Sends a workbook as a download named `filename`. */
export const sendWorkbook = (reply: FastifyReply, body: Buffer, filename: string) => sendFile(reply, XLSX_TYPE, body, filename);
