import { formatMessage } from "@caihong/contracts/constants";
import { DatePicker, Form, Modal, Typography } from "antd";
import { useState } from "react";
import { testId } from "../../components/test-id";
import { useI18n } from "../../i18n/i18n";
import { dateStringItemProps, todayInShanghai } from "./date-field";

interface EndDateModalProps {
  title: string;
  description?: string;
  /** The start date: the end may not be earlier. */
  fromDate: string;
  /** Resolves when done; a rejection keeps the dialog open (the caller reports the problem). */
  onSubmit: (toDate: string) => Promise<void>;
  onClose: () => void;
}

/** Asks for the end date of a membership or a post (default today). Mount it to open it. */
export function EndDateModal({ title, description, fromDate, onSubmit, onClose }: EndDateModalProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ toDate: string }>();
  const [isSaving, setIsSaving] = useState(false);
  const today = todayInShanghai();

  const submit = async ({ toDate }: { toDate: string }) => {
    setIsSaving(true);
    try {
      await onSubmit(toDate);
    } catch {
      // Reported by the caller; the dialog stays open for another try.
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("people.end.submit")}
      okButtonProps={{ danger: true, ...testId("end-date-submit") }}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      {description ? <Typography.Paragraph type="secondary">{description}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" initialValues={{ toDate: today < fromDate ? fromDate : today }} onFinish={(values) => void submit(values)}>
        <Form.Item
          name="toDate"
          label={t("people.end.date")}
          {...dateStringItemProps}
          rules={[
            { required: true, message: t("people.end.dateRequired") },
            {
              validator: (_, value: string | null) =>
                value && value < fromDate ? Promise.reject(new Error(formatMessage("field.endBeforeStart", locale))) : Promise.resolve(),
            },
          ]}
          extra={t("people.end.since", { date: fromDate })}
        >
          <DatePicker style={{ width: "100%" }} data-testid="end-date-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
