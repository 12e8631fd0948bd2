import { InboxOutlined } from "@ant-design/icons";
import type { TGridFeatureCollection } from "@caihong/contracts";
import { Alert, App, Button, Descriptions, Flex, Modal, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { importGridsGeoJson, importGridsXlsx, importProblems, type TGridImportResult, type TGridProblem } from "../../api/grids.api";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

/** The chosen file, ready to send: a parsed FeatureCollection or a workbook. */
type ImportFile = { name: string; kind: "geojson"; body: TGridFeatureCollection } | { name: string; kind: "xlsx"; body: Blob };

type Outcome = { kind: "checked"; result: TGridImportResult } | { kind: "problems"; problems: TGridProblem[] } | { kind: "invalid"; reason: string };

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

function send(file: ImportFile, dryRun: boolean): Promise<TGridImportResult> {
  return file.kind === "xlsx" ? importGridsXlsx(file.body, dryRun) : importGridsGeoJson(file.body, dryRun);
}

/**
 * Import of boundaries (GeoJSON) or attributes (Excel): a dry run first that lists every
 * problem or the counts, then the real import on confirmation. Mount it to open it.
 */
export function GridImportModal({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [file, setFile] = useState<ImportFile | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const run = async (chosen: ImportFile, dryRun: boolean) => {
    setIsBusy(true);
    try {
      const result = await send(chosen, dryRun);
      if (dryRun) setOutcome({ kind: "checked", result });
      else {
        void message.success(t("grids.import.done", { created: result.created, updated: result.updated, redrawn: result.redrawn, retired: result.retired }));
        onImported();
      }
    } catch (err) {
      const problems = importProblems(err);
      if (problems) setOutcome({ kind: "problems", problems });
      else onProblem(err);
    } finally {
      setIsBusy(false);
    }
  };

  const choose = async (chosen: File) => {
    setOutcome(null);
    const read = await readImportFile(chosen);
    if ("error" in read) {
      setFile(null);
      setOutcome({ kind: "invalid", reason: t(`grids.import.invalid.${read.error}`) });
      return;
    }
    setFile(read);
    await run(read, true);
  };

  const canConfirm = file !== null && outcome?.kind === "checked" && !isBusy;
  return (
    <Modal
      open
      width={760}
      title={t("grids.import.title")}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} data-testid="grids-import-cancel">
            {t("common.cancel")}
          </Button>
          <Button type="primary" disabled={!canConfirm} loading={isBusy && outcome?.kind === "checked"} onClick={() => file && void run(file, false)} data-testid="grids-import-confirm">
            {t("grids.import.confirm")}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t("grids.import.hint")}</Typography.Paragraph>
      <div data-testid="grids-import-file">
        <Upload.Dragger
          accept=".geojson,.json,.xlsx"
          multiple={false}
          showUploadList={false}
          beforeUpload={(chosen) => {
            void choose(chosen);
            return false;
          }}
          disabled={isBusy}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? file.name : t("grids.import.drop")}</p>
          <p className="ant-upload-hint">{t("grids.import.formats")}</p>
        </Upload.Dragger>
      </div>
      <div style={{ marginTop: 16 }} data-testid="grids-import-outcome">
        {isBusy && !outcome ? <Alert type="info" showIcon title={t("grids.import.checking")} /> : null}
        {outcome?.kind === "invalid" ? <Alert type="error" showIcon title={outcome.reason} /> : null}
        {outcome?.kind === "checked" ? (
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
        {outcome?.kind === "problems" ? (
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
      </div>
    </Modal>
  );
}
