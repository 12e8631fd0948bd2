import { Alert, App, Table } from "antd";
import { importHotlineXlsx, type THotlineImportResult } from "../../api/cases";
import { ImportModal } from "../../components/import-modal";
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
  return (
    <ImportModal<File, THotlineImportResult>
      title={t("cases.import.title")}
      hint={t("cases.import.hint", { required: REQUIRED_COLUMNS, optional: OPTIONAL_COLUMNS })}
      accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      pickText={t("cases.import.pick")}
      read={async (file) => file}
      send={importHotlineXlsx}
      canImport={(check) => check.problems.length === 0 && check.cases.length > 0}
      isImported={(result) => result.problems.length === 0}
      confirmText={(check) => (check ? t("cases.import.confirm", { count: check.cases.length }) : t("cases.import.confirmIdle"))}
      onImported={(result) => {
        void message.success(t("cases.import.done", { created: result.created, skipped: result.skipped }));
        onImported(result);
      }}
      onClose={onClose}
      testIds={{ file: "case-import-file", outcome: "case-import-check", cancel: "case-import-cancel", confirm: "case-import-submit" }}
      render={(check) =>
        check.problems.length > 0 ? (
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
        )
      }
    />
  );
}
