import { LIMITS } from "@caihong/contracts/constants";
import { App, Button, Form, Input } from "antd";
import { changePassword } from "../../api/auth.api";
import { ConfirmPasswordItem, NewPasswordItem } from "../../components/password-items";
import { useFormSave } from "../../components/use-form-save";
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
  const [form] = Form.useForm<PasswordForm>();
  const { isSaving, save } = useFormSave(form);

  const submit = ({ currentPassword, newPassword }: PasswordForm) =>
    save(async () => {
      await changePassword({ currentPassword, newPassword });
      void message.success(t("password.changed"));
      form.resetFields();
      onDone();
    });

  return (
    <Form<PasswordForm> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false} style={{ maxWidth: 420 }}>
      <Form.Item name="currentPassword" label={t("password.current")} rules={[{ required: true, max: LIMITS.password.max }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <NewPasswordItem name="newPassword" label={t("password.new")} testId="password-new" />
      <ConfirmPasswordItem name="confirmPassword" of="newPassword" label={t("password.confirm")} testId="password-confirm" />
      <Button type="primary" htmlType="submit" loading={isSaving} data-testid="password-submit">
        {t("password.submit")}
      </Button>
    </Form>
  );
}
