import { LIMITS } from "@caihong/contracts/constants";
import { App, Button, Form, Input } from "antd";
import { useState } from "react";
import { changePassword } from "../../api/auth.api";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Current + new + confirm; calls `onDone` after the server accepted the change. */
export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<PasswordForm>();
  const [isSubmitting, setIsSubmitting] = useState(false);

  const submit = async ({ currentPassword, newPassword }: PasswordForm) => {
    setIsSubmitting(true);
    try {
      await changePassword({ currentPassword, newPassword });
      void message.success(t("password.changed"));
      form.resetFields();
      onDone();
    } catch (err) {
      onProblem(err, form);
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <Form<PasswordForm> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false} style={{ maxWidth: 420 }}>
      <Form.Item name="currentPassword" label={t("password.current")} rules={[{ required: true, max: LIMITS.password.max }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t("password.new")}
        extra={t("password.newHint", { min: LIMITS.password.min })}
        rules={[{ required: true, min: LIMITS.password.min, max: LIMITS.password.max }]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t("password.confirm")}
        dependencies={["newPassword"]}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue("newPassword") ? Promise.resolve() : Promise.reject(new Error(t("password.mismatch"))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={isSubmitting} data-testid="password-submit">
        {t("password.submit")}
      </Button>
    </Form>
  );
}
