import { InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Modal, Typography, Upload } from "antd";
import { useState, type ReactNode } from "react";
import { useI18n } from "../i18n/i18n";
import { useProblemHandler } from "./use-problem";

/** Why a chosen file cannot be sent at all (wrong type, not JSON …), said without asking the server. */
export interface UnreadableFile {
  invalid: string;
}

interface ImportModalProps<F, O> {
  title: string;
  hint: ReactNode;
  /** File types the picker offers. */
  accept: string;
  /** The drop zone's text until a file is chosen, and the formats under it. */
  pickText: string;
  formats?: string;
  /** Said while the first check runs. */
  checkingText?: string;
  /** Reads the chosen file into what is sent. */
  read: (file: File) => Promise<F | UnreadableFile>;
  /** Sends the file: first as a dry run (every row checked, nothing written), then for real. */
  send: (file: F, dryRun: boolean) => Promise<O>;
  /** The outcome shown under the drop zone (counts, rows, or the problems). */
  render: (outcome: O) => ReactNode;
  /** A check whose rows can be imported (no problems). */
  canImport: (outcome: O) => boolean;
  /** The real import went through (it may still answer problems, which are then shown). */
  isImported: (outcome: O) => boolean;
  confirmText: (outcome: O | null) => string;
  onImported: (outcome: O) => void;
  onClose: () => void;
  testIds: { file: string; outcome: string; cancel: string; confirm: string };
}

/**
 * The all-or-nothing import of a file: the file is checked first (a dry run that lists every
 * problem or what would change), and only a clean check can be imported. Mount it to open it.
 */
export function ImportModal<F extends { name: string }, O>(props: ImportModalProps<F, O>) {
  const { title, hint, accept, pickText, formats, checkingText, read, send, render, canImport, isImported, confirmText, onImported, onClose, testIds } = props;
  const { t } = useI18n();
  const onProblem = useProblemHandler();
  const [file, setFile] = useState<F | null>(null);
  const [outcome, setOutcome] = useState<O | UnreadableFile | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const run = async (chosen: F, dryRun: boolean) => {
    setIsBusy(true);
    try {
      const answered = await send(chosen, dryRun);
      if (!dryRun && isImported(answered)) onImported(answered);
      else setOutcome(answered);
    } catch (err) {
      onProblem(err);
    } finally {
      setIsBusy(false);
    }
  };

  const choose = async (chosen: File) => {
    setOutcome(null);
    const readable = await read(chosen);
    if ("invalid" in readable) {
      setFile(null);
      setOutcome(readable);
      return;
    }
    setFile(readable);
    await run(readable, true);
  };

  const checked = outcome !== null && !isUnreadable(outcome) ? outcome : null;
  const isReady = file !== null && checked !== null && canImport(checked);
  return (
    <Modal
      open
      width={760}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} data-testid={testIds.cancel}>
            {t("common.cancel")}
          </Button>
          <Button type="primary" disabled={!isReady} loading={isBusy && isReady} onClick={() => file && void run(file, false)} data-testid={testIds.confirm}>
            {confirmText(checked)}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <div data-testid={testIds.file}>
        <Upload.Dragger
          accept={accept}
          maxCount={1}
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
          <p className="ant-upload-text">{file ? file.name : pickText}</p>
          {formats ? <p className="ant-upload-hint">{formats}</p> : null}
        </Upload.Dragger>
      </div>
      <div style={{ marginTop: 16 }} data-testid={testIds.outcome}>
        {isBusy && !outcome && checkingText ? <Alert type="info" showIcon title={checkingText} /> : null}
        {outcome && isUnreadable(outcome) ? <Alert type="error" showIcon title={outcome.invalid} /> : null}
        {checked !== null ? render(checked) : null}
      </div>
    </Modal>
  );
}

function isUnreadable(value: unknown): value is UnreadableFile {
  return typeof value === "object" && value !== null && "invalid" in value;
}
