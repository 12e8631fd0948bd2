import type { TCaseAction } from "@caihong/contracts/constants";
import { CASE_ACTION_LABELS, LIMITS, SATISFACTION, SATISFACTION_LABELS } from "@caihong/contracts/constants";
import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Radio, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { findCases, transitionCase, type TCaseCategory, type TCaseDetail, type TCaseTransitionRequest } from "../../api/cases";
import { isApiError } from "../../api/client";
import { RemoteSelect } from "../../components/remote-select";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n, type MessageKey } from "../../i18n/i18n";
import { AssigneeFields, assigneeOf, type AssigneeValues } from "./assignee-fields";
import { PhotoUpload } from "./photo-upload";

type Need = "required" | "optional";

/** What each step asks for (the workflow's required fields, plus optional ones worth recording). */
interface ActionForm {
  note?: Need;
  reason?: Need;
  assignee?: boolean;
  dueAt?: boolean;
  satisfaction?: boolean;
  photos?: Need;
  mainCase?: boolean;
  /** Irreversible or refusing steps get a red button. */
  isDanger?: boolean;
}

export const ACTION_FORMS: Record<TCaseAction, ActionForm> = {
  file: { note: "optional" },
  void: { reason: "required", isDanger: true },
  dispatch: { assignee: true, note: "optional" },
  acknowledge: { note: "optional" },
  start: { note: "optional" },
  handle: { note: "required", photos: "optional" },
  request_return: { reason: "required" },
  approve_return: { note: "optional" },
  refuse_return: { reason: "required", isDanger: true },
  request_extension: { dueAt: true, reason: "required" },
  approve_extension: { dueAt: true, note: "optional" },
  refuse_extension: { reason: "required", isDanger: true },
  verify: { note: "optional" },
  rework: { reason: "required", isDanger: true },
  close: { note: "optional" },
  self_resolve: { note: "required", photos: "required" },
  follow_up: { satisfaction: true, note: "optional" },
  rate: { satisfaction: true, note: "optional" },
  reopen: { reason: "required" },
  merge: { mainCase: true, note: "optional" },
  supervise: { note: "required" },
  comment: { note: "required", photos: "optional" },
};

interface ActionValues {
  note?: string;
  reason?: string;
  assignee?: AssigneeValues;
  dueAt?: Dayjs;
  satisfaction?: TCaseTransitionRequest["satisfaction"];
  photoIds?: string[];
  mainCaseId?: string;
  isPublic?: boolean;
}

/** Steps whose note never leaves the staff side (internal remarks, supervision): no publish box. */
const INTERNAL_ACTIONS: readonly TCaseAction[] = ["comment", "supervise"];

/** Open cases that could be the main case of a merge, searched by number or text. */
function MainCasePicker({ excludeId, ...props }: { id?: string; value?: string | null; onChange?: (value: string | null) => void; excludeId: string }) {
  const { t } = useI18n();
  return (
    <RemoteSelect
      {...props}
      search={async (q) =>
        (await findCases({ q, open: "true" }, undefined, 20)).items
          .filter((item) => item.id !== excludeId)
          .map((item) => ({ value: item.id, label: `${item.number} · ${item.categoryName} · ${item.description.slice(0, 30)}` }))
      }
      searchKey={excludeId}
      placeholder={t("cases.action.mainCasePlaceholder")}
      testId="case-action-main-case"
    />
  );
}

interface CaseActionModalProps {
  detail: TCaseDetail;
  action: TCaseAction;
  category: TCaseCategory | undefined;
  onClose: () => void;
  /** The step was taken: the fresh case. */
  onDone: (fresh: TCaseDetail) => void;
  /** Someone changed the case first: reload it. */
  onConflict: () => void;
}

/** The dialog of one workflow step, with exactly the fields the step needs. Mount it to open it. */
export function CaseActionModal({ detail, action, category, onClose, onDone, onConflict }: CaseActionModalProps) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<ActionValues>();
  const [isSaving, setIsSaving] = useState(false);
  const spec = ACTION_FORMS[action];
  const actionLabel = label(CASE_ACTION_LABELS[action]);

  const initialValues: ActionValues = {
    dueAt: action === "approve_extension" && detail.extensionRequest ? dayjs(detail.extensionRequest.dueAt) : undefined,
  };

  const submit = async (values: ActionValues) => {
    const assignee = assigneeOf(values.assignee);
    if (spec.assignee && !assignee) {
      form.setFields([{ name: ["assignee", "unitId"], errors: [t("cases.assignee.required")] }]);
      return;
    }
    const body: TCaseTransitionRequest = {
      action,
      version: detail.version,
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
      ...(assignee ? { assignee } : {}),
      ...(values.dueAt ? { dueAt: values.dueAt.toISOString() } : {}),
      ...(values.satisfaction ? { satisfaction: values.satisfaction } : {}),
      ...(values.photoIds?.length ? { photoIds: values.photoIds } : {}),
      ...(values.mainCaseId ? { mainCaseId: values.mainCaseId } : {}),
      ...(values.isPublic ? { isPublic: true } : {}),
    };
    setIsSaving(true);
    try {
      const fresh = await transitionCase(detail.id, body);
      void message.success(t("cases.action.done", { action: actionLabel, number: fresh.number }));
      onDone(fresh);
    } catch (error) {
      if (isApiError(error, "VERSION_CONFLICT")) {
        void message.warning(t("cases.conflict"), 6);
        onConflict();
      } else onProblem(error, form);
    } finally {
      setIsSaving(false);
    }
  };

  const noteKey: MessageKey = action === "supervise" ? "cases.action.superviseNote" : action === "handle" || action === "self_resolve" ? "cases.action.handleNote" : "cases.action.note";
  return (
    <Modal
      open
      title={t("cases.action.title", { action: actionLabel, number: detail.number })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={actionLabel}
      okButtonProps={{ loading: isSaving, danger: spec.isDanger, ...testId("case-action-submit") }}
      cancelButtonProps={testId("case-action-cancel")}
      destroyOnHidden
      width={spec.assignee ? 620 : 520}
    >
      <Form<ActionValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void submit(values)} data-testid={`case-action-form-${action}`}>
        {action === "approve_extension" && detail.extensionRequest ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t("cases.action.extensionAsked", { due: dayjs(detail.extensionRequest.dueAt).format("YYYY-MM-DD HH:mm") })}
            description={detail.extensionRequest.reason}
          />
        ) : null}
        {spec.assignee ? <AssigneeFields defaultUnitKind={category?.defaultUnitKind ?? null} /> : null}
        {spec.mainCase ? (
          <Form.Item name="mainCaseId" label={t("cases.action.mainCase")} rules={[{ required: true, message: t("cases.action.mainCaseRequired") }]}>
            <MainCasePicker excludeId={detail.id} />
          </Form.Item>
        ) : null}
        {spec.dueAt ? (
          <Form.Item name="dueAt" label={t("cases.action.dueAt")} rules={[{ required: true, message: t("cases.action.dueAtRequired") }]}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} disabledDate={(day) => day.isBefore(dayjs().startOf("day"))} data-testid="case-action-due" />
          </Form.Item>
        ) : null}
        {spec.satisfaction ? (
          <Form.Item name="satisfaction" label={t("cases.action.satisfaction")} rules={[{ required: true, message: t("cases.action.satisfactionRequired") }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={SATISFACTION.map((value) => ({ value, label: label(SATISFACTION_LABELS[value]) }))}
              data-testid="case-action-satisfaction"
            />
          </Form.Item>
        ) : null}
        {spec.reason ? (
          <Form.Item name="reason" label={t("cases.action.reason")} rules={[{ required: spec.reason === "required", whitespace: true, message: t("cases.action.reasonRequired") }]}>
            <Input.TextArea rows={3} maxLength={LIMITS.note.max} showCount data-testid="case-action-reason" />
          </Form.Item>
        ) : null}
        {spec.note ? (
          <Form.Item name="note" label={t(noteKey)} rules={[{ required: spec.note === "required", whitespace: true, message: t("cases.action.noteRequired") }]}>
            <Input.TextArea rows={3} maxLength={LIMITS.note.max * 2} showCount data-testid="case-action-note" />
          </Form.Item>
        ) : null}
        {(spec.note || spec.reason) && !INTERNAL_ACTIONS.includes(action) ? (
          <Form.Item name="isPublic" valuePropName="checked" extra={t("cases.action.isPublicHint")}>
            <Checkbox data-testid="case-action-public">{t("cases.action.isPublic")}</Checkbox>
          </Form.Item>
        ) : null}
        {spec.photos ? (
          <Form.Item
            name="photoIds"
            label={t("cases.action.photos")}
            extra={t("cases.photo.hint")}
            rules={spec.photos === "required" ? [{ required: true, type: "array", min: 1, message: t("cases.action.photosRequired") }] : undefined}
          >
            <PhotoUpload testId="case-action-photos" />
          </Form.Item>
        ) : null}
        {!spec.note && !spec.reason && !spec.assignee && !spec.dueAt && !spec.satisfaction && !spec.mainCase ? (
          <Typography.Paragraph>{t("cases.action.confirm", { action: actionLabel })}</Typography.Paragraph>
        ) : null}
      </Form>
    </Modal>
  );
}
