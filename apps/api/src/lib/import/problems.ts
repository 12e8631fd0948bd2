import type { TImportProblem, TLocale } from "@caihong/contracts";
import { AppError, msg } from "../errors";

/**
 * One problem of an import file, found before anything is written. `row` and `column` say where
 * it is in the file as the person fixing it sees it; `code` is stable, `message` localized.
 */
export interface ImportProblem {
  /** 1-based sheet row of a workbook (its header row is 1), 0-based feature index of a FeatureCollection; null: the file as a whole. */
  row: number | null;
  /** The header as written in the workbook, or the property path of a feature (`properties.code`, `geometry`); null: the whole row. */
  column: string | null;
  /** Stable machine-readable code: `missing_column`, `invalid_value`, `duplicate_key`, or one of the import's own. */
  code: string;
  /** Localized sentence for the person fixing the file. */
  message: string;
  /** Natural keys of the records involved (grid codes, order numbers), when known. */
  keys: string[];
  /** Measured facts an import shows beside the message (an area, a point on the map). */
  details?: Record<string, unknown>;
}

/** A problem as a check reports it: `column` and `keys` may be left out. */
export type ProblemInput = Omit<ImportProblem, "column" | "keys"> & { column?: string | null; keys?: string[] };

/** The first word of a problem's place: `rows.5.名称` in a workbook, `features.3.geometry` in a FeatureCollection. */
export type RowUnit = "rows" | "features";

/** Where a problem is as one dotted string: `rows.5.名称`, `features.3.properties.code`, `features.3`, or the column alone for the file as a whole. */
export function placeOf(unit: RowUnit, row: number | null, column: string | null): string | null {
  if (row === null) return column;
  return [unit, String(row), column].filter((part): part is string => part !== null).join(".");
}

/**
 * The problems of one import run. Every check adds to it and nothing is thrown until all rows are
 * checked, so the person fixing the file sees every problem in one answer.
 */
export class ImportProblems {
  private readonly list: ImportProblem[] = [];

  constructor(
    readonly unit: RowUnit,
    readonly locale: TLocale,
  ) {}

  /** Adds one problem. */
  add(problem: ProblemInput): void {
    this.list.push({ ...problem, column: problem.column ?? null, keys: problem.keys ?? [] });
  }

  /** How many problems so far: a check compares it before and after a row to skip the rest of that row. */
  get count(): number {
    return this.list.length;
  }

  /** Where a row and column are, in this file's words (see placeOf). */
  place(row: number | null, column: string | null = null): string | null {
    return placeOf(this.unit, row, column);
  }

  /**
   * The problems in file order: problems of the file as a whole first, then row by row, each row's
   * in the order they were found. With `sameAs`, problems with the same identity are listed once
   * (the first place found is kept).
   */
  listed(sameAs?: (problem: ImportProblem) => string): ImportProblem[] {
    let list = this.list;
    if (sameAs) {
      const seen = new Set<string>();
      list = list.filter((p) => {
        const key = sameAs(p);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    // Array.prototype.sort is stable: a row's problems keep the order they were found in.
    return [...list].sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
  }
}

/** A problem in the shape of the shared contract (ZImportProblem). */
export const presentImportProblem = (p: ImportProblem): TImportProblem => ({ row: p.row, column: p.column, code: p.code, message: p.message });

/**
 * The 422 of an import with problems: problem+json whose `problems` lists every problem (by
 * default in the ZImportProblem shape) and whose `rows` counts the rows read. Nothing was written.
 */
export function importRejected(problems: ImportProblem[], options: { rows?: number; present?: (p: ImportProblem) => unknown; extensions?: Record<string, unknown> } = {}): AppError {
  const n = problems.length;
  return new AppError("UNPROCESSABLE", msg(`导入未执行：发现 ${n} 处问题，未写入任何数据`, `Import refused: ${n} problem(s) found, nothing was written`), {
    extensions: {
      ...(options.rows === undefined ? {} : { rows: options.rows }),
      ...options.extensions,
      problems: problems.map(options.present ?? presentImportProblem),
    },
  });
}
