import { CheckCircleTwoTone, CloseCircleTwoTone } from "@ant-design/icons";
import type { TCaseState } from "@caihong/contracts/constants";
import { CASE_ACTION_LABELS, LIMITS } from "@caihong/contracts/constants";
import { ACTION_RULES } from "@caihong/domain/cases/workflow";
import { Button, Flex, Form, Input, Modal, Table, Typography, theme } from "antd";
import { useState } from "react";
import { batchTransition, type TBatchTransitionRequest, type TBatchTransitionResult, type TCaseCategory, type TCaseSummary } from "../../api/cases";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";
import { AssigneeFields, assigneeOf, type AssigneeValues } from "./assignee-fields";

type BatchAction = TBatchTransitionRequest["action"];

/** The batch steps a dispatcher takes on the queue; the cases each applies to are the workflow's (`ACTION_RULES`). */
const BATCH_ACTIONS: readonly { action: Exclude<BatchAction, "acknowledge">; isDanger?: boolean }[] = [
  { action: "file" },
  { action: "dispatch" },
  { action: "verify" },
  { action: "close" },
  { action: "supervise" },
  { action: "void", isDanger: true },
];

/** True when the workflow lets `action` be taken on a case in `state`. */
function appliesTo(action: BatchAction, state: TCaseState): boolean {
  return ACTION_RULES[action].from.includes(state);
}

interface BatchValues {
  note?: string;
  reason?: string;
  assignee?: AssigneeValues;
}

interface BatchBarProps {
  selected: readonly TCaseSummary[];
  categories: readonly TCaseCategory[];
  onClear: () => void;
  /** Steps were taken (some may have failed): reload, and unselect the cases that moved on. */
  onDone: (succeededIds: string[]) => void;
}

/** The bar over the queue while rows are selected: one step on all of them, each answered on its own. */
export function BatchBar({ selected, categories, onClear, onDone }: BatchBarProps) {
  const { t, label } = useI18n();
  const { token } = theme.useToken();
  const [action, setAction] = useState<BatchAction | null>(null);
  const [results, setResults] = useState<{ action: BatchAction; rows: (TBatchTransitionResult["results"][number] & { number: string })[] } | null>(null);
  if (selected.length === 0 && !results) return null;
  return (
    <>
      {selected.length > 0 ? (
        <Flex
          wrap
          align="center"
          gap={8}
          style={{ padding: "8px 12px", marginBottom: 12, background: token.colorPrimaryBg, border: `1px solid ${token.colorPrimaryBorder}`, borderRadius: token.borderRadius }}
          data-testid="case-batch-bar"
        >
          <Typography.Text strong>{t("cases.batch.selected", { count: selected.length })}</Typography.Text>
          {BATCH_ACTIONS.map(({ action: batchAction, isDanger }) => {
            const eligible = selected.filter((item) => appliesTo(batchAction, item.state)).length;
            return (
              <Button key={batchAction} size="small" danger={isDanger} disabled={eligible === 0} onClick={() => setAction(batchAction)} data-testid={`case-batch-${batchAction}`}>
                {label(CASE_ACTION_LABELS[batchAction])}
                {eligible > 0 && eligible < selected.length ? ` (${eligible})` : ""}
              </Button>
            );
          })}
          <Button size="small" type="link" onClick={onClear} data-testid="case-batch-clear">
            {t("cases.batch.clear")}
          </Button>
        </Flex>
      ) : null}
      {action ? (
        <BatchModal
          action={action}
          // Only the selected cases the step applies to; the others stay selected for another step.
          selected={selected.filter((item) => appliesTo(action, item.state))}
          categories={categories}
          onClose={() => setAction(null)}
          onDone={(answer) => {
            setAction(null);
            const numbers = new Map(selected.map((item) => [item.id, item.number]));
            setResults({ action, rows: answer.results.map((row) => ({ ...row, number: numbers.get(row.id) ?? row.id })) });
            onDone(answer.results.filter((row) => row.ok).map((row) => row.id));
          }}
        />
      ) : null}
      {results ? (
        <Modal
          open
          title={t("cases.batch.resultTitle", { action: label(CASE_ACTION_LABELS[results.action]), ok: results.rows.filter((row) => row.ok).length, failed: results.rows.filter((row) => !row.ok).length })}
          onCancel={() => setResults(null)}
          footer={
            <Button type="primary" onClick={() => setResults(null)} data-testid="case-batch-result-close">
              {t("cases.batch.resultClose")}
            </Button>
          }
          width={640}
        >
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={results.rows}
            scroll={{ y: 360 }}
            data-testid="case-batch-results"
            onRow={(row) => testId(`case-batch-result-${row.number}`)}
            columns={[
              { title: t("cases.col.number"), dataIndex: "number", width: 160 },
              {
                title: t("cases.batch.result"),
                key: "ok",
                render: (_, row) =>
                  row.ok ? (
                    <Flex gap={6} align="center">
                      <CheckCircleTwoTone twoToneColor={token.colorSuccess} />
                      {t("cases.batch.ok")}
                    </Flex>
                  ) : (
                    <Flex gap={6} align="flex-start">
                      <CloseCircleTwoTone twoToneColor={token.colorError} style={{ marginTop: 4 }} />
                      <span>{row.detail ?? row.code}</span>
                    </Flex>
                  ),
              },
            ]}
          />
        </Modal>
      ) : null}
    </>
  );
}

interface BatchModalProps {
  action: BatchAction;
  selected: readonly TCaseSummary[];
  categories: readonly TCaseCategory[];
  onClose: () => void;
  onDone: (answer: TBatchTransitionResult) => void;
}

function BatchModal({ action, selected, categories, onClose, onDone }: BatchModalProps) {
  const { t, label } = useI18n();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<BatchValues>();
  const [isSaving, setIsSaving] = useState(false);
  const actionLabel = label(CASE_ACTION_LABELS[action]);
  const categoryIds = new Set(selected.map((item) => item.categoryId));
  const sharedCategory = categoryIds.size === 1 ? categories.find((category) => categoryIds.has(category.id)) : undefined;

  const submit = async (values: BatchValues) => {
    const assignee = assigneeOf(values.assignee);
    if (action === "dispatch" && !assignee) {
      form.setFields([{ name: ["assignee", "unitId"], errors: [t("cases.assignee.required")] }]);
      return;
    }
    setIsSaving(true);
    try {
      onDone(
        await batchTransition({
          action,
          items: selected.map((item) => ({ id: item.id, version: item.version })),
          ...(values.note?.trim() ? { note: values.note.trim() } : {}),
          ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
          ...(assignee ? { assignee } : {}),
        }),
      );
    } catch (error) {
      onProblem(error, form);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t("cases.batch.title", { action: actionLabel, count: selected.length })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={actionLabel}
      okButtonProps={{ loading: isSaving, danger: action === "void", ...testId("case-batch-submit") }}
      destroyOnHidden
      width={action === "dispatch" ? 620 : 520}
    >
      <Typography.Paragraph type="secondary">{t("cases.batch.hint")}</Typography.Paragraph>
      <Form<BatchValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid={`case-batch-form-${action}`}>
        {action === "dispatch" ? <AssigneeFields defaultUnitKind={sharedCategory?.defaultUnitKind ?? null} /> : null}
        {action === "void" ? (
          <Form.Item name="reason" label={t("cases.action.reason")} rules={[{ required: true, whitespace: true, message: t("cases.action.reasonRequired") }]}>
            <Input.TextArea rows={3} maxLength={LIMITS.note.max} showCount data-testid="case-batch-reason" />
          </Form.Item>
        ) : (
          <Form.Item
            name="note"
            label={action === "supervise" ? t("cases.action.superviseNote") : t("cases.action.note")}
            rules={[{ required: action === "supervise", whitespace: true, message: t("cases.action.noteRequired") }]}
          >
            <Input.TextArea rows={3} maxLength={LIMITS.note.max} showCount data-testid="case-batch-note" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
