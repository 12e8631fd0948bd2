import { InboxOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Modal, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { importHotlineXlsx, type THotlineImportResult } from "../../api/cases";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

/** Column headers of a 12345 export the import reads (as they appear in the file; others are ignored). */
const REQUIRED_COLUMNS = "工单编号、受理时间、问题分类、诉求内容";
const OPTIONAL_COLUMNS = "发生地址、经度、纬度、坐标系、诉求人、联系电话、紧急程度";

interface HotlineImportModalProps {
  onClose: () => void;
  /** Cases were created: reload the queue. */
  onImported: (result: THotlineImportResult) => void;
}

/**
 * 导入 12345 工单: the file is checked first (dry run: every row and field, nothing written), the
 * operator sees the rows and any problems, and only a clean file can be imported. Rows already
 * imported (same 工单编号) are skipped.
 */
export function HotlineImportModal({ onClose, onImported }: HotlineImportModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<THotlineImportResult | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const runCheck = async (chosen: File) => {
    setFile(chosen);
    setCheck(null);
    setIsBusy(true);
    try {
      setCheck(await importHotlineXlsx(chosen, true));
    } catch (error) {
      onProblem(error);
    } finally {
      setIsBusy(false);
    }
  };

  const confirm = async () => {
    if (!file) return;
    setIsBusy(true);
    try {
      const result = await importHotlineXlsx(file, false);
      if (result.problems.length > 0) setCheck(result);
      else {
        void message.success(t("cases.import.done", { created: result.created, skipped: result.skipped }));
        onImported(result);
      }
    } catch (error) {
      onProblem(error);
    } finally {
      setIsBusy(false);
    }
  };

  const canImport = Boolean(check && check.problems.length === 0 && check.cases.length > 0);
  return (
    <Modal
      open
      title={t("cases.import.title")}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} data-testid="case-import-cancel">
            {t("common.cancel")}
          </Button>
          <Button type="primary" disabled={!canImport} loading={isBusy && Boolean(check)} onClick={() => void confirm()} data-testid="case-import-submit">
            {check ? t("cases.import.confirm", { count: check.cases.length }) : t("cases.import.confirmIdle")}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t("cases.import.hint", { required: REQUIRED_COLUMNS, optional: OPTIONAL_COLUMNS })}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(chosen) => {
          void runCheck(chosen);
          return false;
        }}
        disabled={isBusy}
        {...testId("case-import-file")}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{file ? file.name : t("cases.import.pick")}</p>
      </Upload.Dragger>
      {check ? (
        <div style={{ marginTop: 16 }} data-testid="case-import-check">
          {check.problems.length > 0 ? (
            <>
              <Alert type="error" showIcon title={t("cases.import.problems", { count: check.problems.length, rows: check.rows })} style={{ marginBottom: 8 }} />
              <Table
                size="small"
                rowKey={(row) => `${row.row}-${row.column ?? ""}-${row.message}`}
                dataSource={check.problems}
                pagination={check.problems.length > 10 ? { pageSize: 10, size: "small" } : false}
                data-testid="case-import-problems"
                columns={[
                  { title: t("cases.import.row"), dataIndex: "row", width: 70 },
                  { title: t("cases.import.column"), dataIndex: "column", width: 120, render: (column: string | null) => column ?? "—" },
                  { title: t("cases.import.message"), dataIndex: "message" },
                ]}
              />
            </>
          ) : (
            <>
              <Alert
                type={check.cases.length > 0 ? "success" : "info"}
                showIcon
                title={t("cases.import.ready", { rows: check.rows, count: check.cases.length, skipped: check.skipped })}
                style={{ marginBottom: 8 }}
              />
              {check.cases.length > 0 ? (
                <Table
                  size="small"
                  rowKey="row"
                  dataSource={check.cases}
                  pagination={check.cases.length > 10 ? { pageSize: 10, size: "small" } : false}
                  data-testid="case-import-rows"
                  columns={[
                    { title: t("cases.import.row"), dataIndex: "row", width: 70 },
                    { title: t("cases.detail.hotlineOrderNo"), dataIndex: "hotlineOrderNo" },
                  ]}
                />
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </Modal>
  );
}
