import { Form, Modal, type FormInstance, type FormProps } from "antd";
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n";
import { testId as toTestId } from "./test-id";

interface FormModalProps<V> {
  form: FormInstance<V>;
  title: ReactNode;
  /** The submit button's text; "save" when not given. */
  okText?: string;
  isSaving: boolean;
  onClose: () => void;
  /** Runs with the values once the form's rules pass. */
  onFinish: (values: V) => void;
  initialValues?: FormProps<V>["initialValues"];
  /** `data-testid` of the form; its buttons are `<testId>-submit` and `<testId>-cancel`. */
  testId: string;
  width?: number;
  /** Shown above the form. */
  intro?: ReactNode;
  children: ReactNode;
}

/** A dialog holding one vertical form, submitted by the OK button (which validates first). Mount it to open it. */
export function FormModal<V>({ form, title, okText, isSaving, onClose, onFinish, initialValues, testId, width, intro, children }: FormModalProps<V>) {
  const { t } = useI18n();
  return (
    <Modal
      open
      width={width}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? t("common.save")}
      confirmLoading={isSaving}
      okButtonProps={toTestId(`${testId}-submit`)}
      cancelButtonProps={toTestId(`${testId}-cancel`)}
      destroyOnHidden
    >
      {intro}
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} data-testid={testId}>
        {children}
      </Form>
    </Modal>
  );
}
