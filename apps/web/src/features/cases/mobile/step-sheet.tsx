import { LIMITS } from "@caihong/contracts/constants";
import { App, Form, Input, Modal, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { uploadCasePhoto, type TCaseDetail } from "../../../api/cases";
import { testId } from "../../../components/test-id";
import { useI18n, type MessageKey } from "../../../i18n/i18n";
import { localDateTime } from "./extra-fields";
import { PhotoPicker, usePhotoUploads } from "./photo-picker";
import type { StepBody } from "./use-case-steps";

/** The steps on a phone that ask for more than a tap. */
export type SheetAction = "handle" | "self_resolve" | "request_return" | "request_extension";

interface SheetSpec {
  titleKey: MessageKey;
  /** A note (处置情况) is asked for; `true` when it is required. */
  note?: boolean;
  reason?: boolean;
  dueAt?: boolean;
  /** Evidence photos: "optional", or "required" (at least one). */
  photos?: "optional" | "required";
  hintKey?: MessageKey;
}

const SHEETS: Record<SheetAction, SheetSpec> = {
  handle: { titleKey: "mobile.step.handle", note: true, photos: "optional", hintKey: "mobile.step.handleHint" },
  self_resolve: { titleKey: "mobile.step.selfResolve", note: true, photos: "required", hintKey: "mobile.step.selfResolveHint" },
  request_return: { titleKey: "mobile.step.return", reason: true, hintKey: "mobile.step.returnHint" },
  request_extension: { titleKey: "mobile.step.extension", reason: true, dueAt: true },
};

interface SheetValues {
  note?: string;
  reason?: string;
  dueAt?: string;
}

interface StepSheetProps {
  action: SheetAction;
  detail: TCaseDetail;
  onSubmit: (body: StepBody) => Promise<boolean>;
  onClose: () => void;
}

/**
 * The form of one step, in a dialog sized for a phone: 处置反馈 (note and evidence photos),
 * 自办自结 (note and at least one photo), 申请退回 (reason), 申请延期 (new due time and reason).
 * Test ids `step-form`, `step-note`, `step-reason`, `step-due`, `step-photo-…`, `step-submit`.
 */
export function StepSheet({ action, detail, onSubmit, onClose }: StepSheetProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const spec = SHEETS[action];
  const [form] = Form.useForm<SheetValues>();
  const photos = usePhotoUploads(uploadCasePhoto);
  const [isSaving, setIsSaving] = useState(false);
  // A day after the current deadline, as a starting point for an extension.
  const initialDue = detail.handleDueAt ? dayjs(detail.handleDueAt).add(1, "day").toISOString() : undefined;

  const submit = async (values: SheetValues) => {
    if (spec.photos === "required" && photos.ids.length === 0) {
      void message.error(t("mobile.step.photoRequired"));
      return;
    }
    if (photos.photos.some((photo) => photo.status === "error")) {
      void message.error(t("mobile.photos.removeFailed"));
      return;
    }
    setIsSaving(true);
    const isDone = await onSubmit({
      action,
      note: spec.note ? values.note?.trim() : undefined,
      reason: spec.reason ? values.reason?.trim() : undefined,
      dueAt: spec.dueAt ? values.dueAt : undefined,
      photoIds: spec.photos && photos.ids.length ? photos.ids : undefined,
    });
    setIsSaving(false);
    if (isDone) onClose();
  };

  return (
    <Modal
      open
      centered
      title={t(spec.titleKey)}
      onCancel={onClose}
      okText={t("mobile.step.submit")}
      okButtonProps={{ loading: isSaving, disabled: photos.isUploading, ...testId("step-submit") }}
      onOk={() => form.submit()}
      maskClosable={false}
    >
      <Form<SheetValues> form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)} initialValues={{ dueAt: initialDue }} data-testid="step-form">
        {spec.hintKey ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t(spec.hintKey)}
          </Typography.Paragraph>
        ) : null}
        {spec.dueAt ? (
          <Form.Item name="dueAt" label={t("mobile.step.newDue")} rules={[{ required: true }]} {...localDateTime}>
            <Input type="datetime-local" data-testid="step-due" />
          </Form.Item>
        ) : null}
        {spec.note ? (
          <Form.Item name="note" label={t("mobile.step.note")} rules={[{ required: true, whitespace: true }, { max: LIMITS.note.max * 2 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={LIMITS.note.max * 2} showCount placeholder={t("mobile.step.notePlaceholder")} data-testid="step-note" />
          </Form.Item>
        ) : null}
        {spec.reason ? (
          <Form.Item name="reason" label={t("mobile.step.reason")} rules={[{ required: true, whitespace: true }, { max: LIMITS.note.max }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={LIMITS.note.max} showCount data-testid="step-reason" />
          </Form.Item>
        ) : null}
        {spec.photos ? (
          <Form.Item label={spec.photos === "required" ? t("mobile.step.photosRequired") : t("mobile.step.photos")} style={{ marginBottom: 0 }}>
            <PhotoPicker uploads={photos} testId="step-photo" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
