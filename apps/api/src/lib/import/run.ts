import type { TLocale } from "@caihong/contracts";
import type { z } from "zod";
import type { Db } from "../../db/client";
import type { AppError } from "../errors";
import { importRejected, ImportProblems, type ImportProblem, type ProblemInput } from "./problems";
import { issueMessage, type ImportSource } from "./sources";

/** A row that passed its own check: where it is, its natural key, the raw row and the checked value. */
export interface ParsedRow<Raw, Row> {
  row: number;
  key: string | null;
  raw: Raw;
  value: Row;
}

/** What the write would do with one record; `action` names it (`insert`, `update`, `unchanged`, or the import's own). */
export interface PlannedChange {
  action: string;
}

/** The action of a row whose record already says what the row says: nothing to write (a re-import). */
export const UNCHANGED = "unchanged";

/** Progress of a run, for a command line to print (the API ignores it). */
export interface ImportProgress {
  /** `checked`: rows read and checked on their own; `written`: changes written in the transaction. */
  stage: "checked" | "written";
  done: number;
  total: number;
}

/** What the write of a run gets besides the transaction. */
export interface WriteContext<State, Change> {
  state: State;
  /** Planned changes per action, `unchanged` included (e.g. for the import's audit entry). */
  counts: Record<string, number>;
  /** Every planned change, unchanged ones included (`changes` holds only those to write). */
  planned: Change[];
  /** Call after each change written; the run reports progress from it. */
  wrote(): void;
}

/**
 * One all-or-nothing import: how its file is read, how each row is checked, how the rows are
 * matched against stored records by a natural key (so that importing the same file again changes
 * nothing), and how the changes are written. `runImport` drives it: every row is checked before
 * anything is written, every problem is listed, the write is one transaction.
 */
export interface ImportDefinition<Raw, Row, State, Change extends PlannedChange> {
  source: ImportSource<Raw>;
  /** The natural key of a raw row (grid code, order number), or null; read even from a bad row, so its problems can name it. */
  key(raw: Raw): string | null;
  /** The column a duplicate key is reported at. */
  keyColumn(raw: Raw): string | null;
  /**
   * Checks one row on its own: a zod schema (over a workbook row's cells by field, or a feature;
   * each issue becomes an `invalid_value` problem at its column), or a function that reports to `problems` and answers
   * null for a bad row.
   */
  parse: z.ZodType<Row> | ((raw: Raw, row: number, key: string | null, problems: ImportProblems) => Row | null);
  /** The problem for a key that a row before this one already had (default: `duplicate_key`). */
  duplicate?(row: ParsedRow<Raw, Row>, first: ParsedRow<Raw, Row>, problems: ImportProblems): ProblemInput;
  /** Reads what the rows are checked against (stored records by key …), once, after every row passed its own check. */
  load(rows: ParsedRow<Raw, Row>[]): Promise<State>;
  /**
   * Checks each row against the state and the other rows and says what the write would do with
   * it. A row with a problem gets no change. Each key appears once (later duplicates are reported
   * and left out).
   */
  plan(rows: ParsedRow<Raw, Row>[], state: State, problems: ImportProblems): Change[] | Promise<Change[]>;
  /** Checks of the plan as a whole (the tiling of a grid tree …), or a refusal thrown (a change outside the caller's scope). Runs even when rows had problems. */
  review?(changes: Change[], state: State, problems: ImportProblems): void | Promise<void>;
  /** Writes the changes (unchanged ones left out) inside the run's one transaction; an error rolls everything back. */
  write(tx: Db, changes: Change[], context: WriteContext<State, Change>): Promise<void>;
  /** Problems with the same identity are listed once (the first place found is kept). */
  sameProblem?(problem: ImportProblem): string;
  /** The 422 for a file with problems (default: importRejected, problems in the ZImportProblem shape). */
  reject?(problems: ImportProblem[], info: { rows: number; dryRun: boolean }): AppError;
}

/** How one run goes. */
export interface ImportOptions {
  db: Db;
  locale: TLocale;
  /** Check and plan everything, write nothing. */
  dryRun: boolean;
  onProgress?(progress: ImportProgress): void;
}

/** What a run did (or, on a dry run, would do). */
export interface ImportOutcome<Change> {
  dryRun: boolean;
  /** Rows (features) read from the file. */
  rows: number;
  /** Planned changes per action, `unchanged` included. */
  counts: Record<string, number>;
  /** Every planned change, in plan order. */
  changes: Change[];
  /** Whether the transaction ran (false on a dry run and when every row was unchanged). */
  written: boolean;
}

/** Calls `report(done)` about a hundred times over `total` steps, and always at the end. */
function throttled(total: number, report: (done: number) => void) {
  const step = Math.max(1, Math.ceil(total / 100));
  let done = 0;
  return () => {
    done++;
    if (done % step === 0 || done === total) report(done);
  };
}

/**
 * Runs an import: reads the file; checks every row on its own, then for duplicate keys, then
 * against the stored records (plan) and as a whole (review); throws the definition's 422 listing
 * every problem when there is any, before anything is written; otherwise writes every change in
 * one transaction (none on a dry run, none when every row is unchanged).
 */
export async function runImport<Raw, Row, State, Change extends PlannedChange>(
  def: ImportDefinition<Raw, Row, State, Change>,
  input: unknown,
  options: ImportOptions,
): Promise<ImportOutcome<Change>> {
  const { locale, dryRun, onProgress } = options;
  const problems = new ImportProblems(def.source.unit, locale);
  const reject = (rows: number) => {
    const listed = problems.listed(def.sameProblem);
    return def.reject ? def.reject(listed, { rows, dryRun }) : importRejected(listed, { rows });
  };

  const read = await def.source.read(input, locale);
  for (const p of read.problems) problems.add(p);
  if (problems.count > 0) throw reject(read.rows.length);
  const total = read.rows.length;

  // Each row on its own.
  const checked = throttled(total, (done) => onProgress?.({ stage: "checked", done, total }));
  const parsed: ParsedRow<Raw, Row>[] = [];
  for (const { row, raw } of read.rows) {
    const key = def.key(raw);
    const value = parseRow(def, raw, row, key, problems);
    if (value !== null) parsed.push({ row, key, raw, value });
    checked();
  }

  // One row per key: the first keeps it, later ones are problems.
  const first = new Map<string, ParsedRow<Raw, Row>>();
  const unique: ParsedRow<Raw, Row>[] = [];
  for (const p of parsed) {
    const earlier = p.key === null || p.key === "" ? undefined : first.get(p.key);
    if (earlier) {
      problems.add(def.duplicate ? def.duplicate(p, earlier, problems) : duplicateKey(def, p, earlier, problems));
      continue;
    }
    if (p.key !== null && p.key !== "") first.set(p.key, p);
    unique.push(p);
  }

  const state = await def.load(unique);
  const changes = await def.plan(unique, state, problems);
  await def.review?.(changes, state, problems);
  if (problems.count > 0) throw reject(total);

  const counts: Record<string, number> = {};
  for (const c of changes) counts[c.action] = (counts[c.action] ?? 0) + 1;
  const outcome = { dryRun, rows: total, counts, changes, written: false };
  const toWrite = changes.filter((c) => c.action !== UNCHANGED);
  if (dryRun || toWrite.length === 0) return outcome;

  const wrote = throttled(toWrite.length, (done) => onProgress?.({ stage: "written", done, total: toWrite.length }));
  await options.db.transaction(async (tx) => def.write(tx, toWrite, { state, counts, planned: changes, wrote }));
  return { ...outcome, written: true };
}

function parseRow<Raw, Row, State, Change extends PlannedChange>(
  def: ImportDefinition<Raw, Row, State, Change>,
  raw: Raw,
  row: number,
  key: string | null,
  problems: ImportProblems,
): Row | null {
  if (typeof def.parse === "function") return def.parse(raw, row, key, problems);
  const result = def.parse.safeParse(def.source.schemaInput(raw));
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const column = def.source.columnOf(issue.path, raw);
    problems.add({ row, column, code: "invalid_value", message: def.source.invalidMessage(row, column, issueMessage(issue, problems.locale), problems.locale), keys: key ? [key] : [] });
  }
  return null;
}

function duplicateKey<Raw, Row, State, Change extends PlannedChange>(
  def: ImportDefinition<Raw, Row, State, Change>,
  p: ParsedRow<Raw, Row>,
  first: ParsedRow<Raw, Row>,
  problems: ImportProblems,
): ProblemInput {
  const where = problems.unit === "rows" ? { "zh-CN": `第 ${first.row} 行`, en: `row ${first.row}` } : { "zh-CN": `第 ${first.row} 个要素`, en: `feature ${first.row}` };
  return {
    row: p.row,
    column: def.keyColumn(p.raw),
    code: "duplicate_key",
    message: problems.locale === "en" ? `${p.key} appears more than once (first at ${where.en})` : `${p.key} 在文件中重复出现（首次在${where["zh-CN"]}）`,
    keys: [p.key!],
  };
}
