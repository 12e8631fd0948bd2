/**
 * The one engine for all-or-nothing imports of Excel workbooks and GeoJSON FeatureCollections:
 * every row checked first, every problem listed by row and column (422), one transaction, a
 * natural key per row so a re-import changes nothing, dry runs and progress. A module defines
 * its import (ImportDefinition) and calls runImport; nothing here knows any module.
 */
export { importRejected, ImportProblems, placeOf, presentImportProblem, type ImportProblem, type ProblemInput, type RowUnit } from "./problems";
export { featureSource, headerKey, issueMessage, notAWorkbook, xlsxSource, type ImportSource, type SourceRow, type XlsxColumnSpec, type XlsxRow } from "./sources";
export {
  runImport,
  UNCHANGED,
  type ImportDefinition,
  type ImportOptions,
  type ImportOutcome,
  type ImportProgress,
  type ParsedRow,
  type PlannedChange,
  type WriteContext,
} from "./run";
