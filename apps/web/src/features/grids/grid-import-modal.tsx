import type { TGridFeatureCollection } from "@caihong/contracts";
import { Alert, App, Descriptions, Flex, Table, Typography } from "antd";
import { importGridsGeoJson, importGridsXlsx, importProblems, type TGridImportResult, type TGridProblem } from "../../api/grids.api";
import { ImportModal } from "../../components/import-modal";
import { useI18n } from "../../i18n/i18n";

/** The chosen file, ready to send: a parsed FeatureCollection or a workbook. */
type ImportFile = { name: string; kind: "geojson"; body: TGridFeatureCollection } | { name: string; kind: "xlsx"; body: Blob };

/** A check answers what would change, or every problem found. */
type Outcome = { kind: "checked"; result: TGridImportResult } | { kind: "problems"; problems: TGridProblem[] };

/** Reads a .xlsx as is, or a .geojson/.json as a FeatureCollection; null (with a reason) otherwise. */
export async function readImportFile(file: File): Promise<ImportFile | { error: "type" | "json" | "collection" }> {
  const name = file.name;
  if (/\.xlsx$/i.test(name)) return { name, kind: "xlsx", body: file };
  if (!/\.(geo)?json$/i.test(name)) return { error: "type" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    return { error: "json" };
  }
  const isCollection = typeof parsed === "object" && parsed !== null && (parsed as { type?: unknown }).type === "FeatureCollection" && Array.isArray((parsed as { features?: unknown }).features);
  return isCollection ? { name, kind: "geojson", body: parsed as TGridFeatureCollection } : { error: "collection" };
}

/** Sends the file; a refusal that lists problems is an outcome to show, not an error. */
async function send(file: ImportFile, dryRun: boolean): Promise<Outcome> {
  try {
    const result = await (file.kind === "xlsx" ? importGridsXlsx(file.body, dryRun) : importGridsGeoJson(file.body, dryRun));
    return { kind: "checked", result };
  } catch (err) {
    const problems = importProblems(err);
    if (problems) return { kind: "problems", problems };
    throw err;
  }
}

/**
 * Import of boundaries (GeoJSON) or attributes (Excel): a dry run first that lists every
 * problem or the counts, then the real import on confirmation. Mount it to open it.
 */
export function GridImportModal({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <ImportModal<ImportFile, Outcome>
      title={t("grids.import.title")}
      hint={t("grids.import.hint")}
      accept=".geojson,.json,.xlsx"
      pickText={t("grids.import.drop")}
      formats={t("grids.import.formats")}
      checkingText={t("grids.import.checking")}
      read={async (file) => {
        const read = await readImportFile(file);
        return "error" in read ? { invalid: t(`grids.import.invalid.${read.error}`) } : read;
      }}
      send={send}
      canImport={(outcome) => outcome.kind === "checked"}
      isImported={(outcome) => outcome.kind === "checked"}
      confirmText={() => t("grids.import.confirm")}
      onImported={(outcome) => {
        if (outcome.kind !== "checked") return;
        const { created, updated, redrawn, retired } = outcome.result;
        void message.success(t("grids.import.done", { created, updated, redrawn, retired }));
        onImported();
      }}
      onClose={onClose}
      testIds={{ file: "grids-import-file", outcome: "grids-import-outcome", cancel: "grids-import-cancel", confirm: "grids-import-confirm" }}
      render={(outcome) => (
        <>
          {outcome.kind === "checked" ? (
            <Flex vertical gap={12} data-testid="grids-import-result">
              <Alert type="success" showIcon title={t("grids.import.checked")} />
              <Descriptions
                size="small"
                bordered
                column={5}
                layout="vertical"
                items={(["created", "updated", "redrawn", "retired", "unchanged"] as const).map((key) => ({
                  key,
                  label: t(`grids.import.count.${key}`),
                  children: outcome.result[key],
                }))}
              />
            </Flex>
          ) : null}
          {outcome.kind === "problems" ? (
            <Flex vertical gap={12}>
              <Alert type="error" showIcon title={t("grids.import.problems", { count: outcome.problems.length })} />
              <Table<TGridProblem>
                size="small"
                rowKey={(_, index) => String(index)}
                dataSource={outcome.problems}
                pagination={outcome.problems.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                scroll={{ y: 320 }}
                data-testid="grids-import-problems"
                columns={[
                  { key: "at", title: t("grids.import.at"), dataIndex: "at", width: 220, render: (at: string | null) => <Typography.Text code style={{ wordBreak: "break-all" }}>{at ?? ""}</Typography.Text> },
                  { key: "codes", title: t("grids.col.code"), dataIndex: "codes", width: 180, render: (codes: string[]) => codes.join(", ") },
                  { key: "message", title: t("grids.problem.message"), dataIndex: "message" },
                ]}
              />
            </Flex>
          ) : null}
        </>
      )}
    />
  );
}
