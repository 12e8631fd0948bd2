import type { TUser } from "@caihong/contracts";
import { LIMITS } from "@caihong/contracts/constants";
import { App, Button, Form, Input, Space, Typography } from "antd";
import { resetUserPassword } from "../../api/users.api";
import { FormModal } from "../../components/form-modal";
import { useFormSave } from "../../components/use-form-save";
import { useI18n } from "../../i18n/i18n";

// No look-alike characters (0/O, 1/l/I): the password is read out or typed by hand.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A random temporary password of `length` characters from a readable alphabet. */
export function generatePassword(length = 14): string {
  const bytes = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(bytes, (n) => ALPHABET[n % ALPHABET.length]).join("");
}

/** Admin reset: sets a temporary password the user must change at next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: TUser; onClose: (isDone: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const { isSaving, save } = useFormSave(form);

  const submit = ({ password }: { password: string }) =>
    save(async () => {
      await resetUserPassword(user.id, password);
      void message.success(t("users.passwordReset"));
      onClose(true);
    });

  return (
    <FormModal
      form={form}
      title={t("users.resetTitle", { name: user.displayName })}
      okText={t("users.resetPassword")}
      isSaving={isSaving}
      onClose={() => onClose(false)}
      onFinish={(values) => void submit(values)}
      intro={<Typography.Paragraph type="secondary">{t("users.resetHint")}</Typography.Paragraph>}
      testId="reset-password"
    >
      <Form.Item label={t("users.tempPassword")} required>
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item name="password" noStyle rules={[{ required: true, min: LIMITS.password.min, max: LIMITS.password.max }]}>
            <Input autoComplete="off" data-testid="reset-password-input" style={{ fontFamily: "monospace" }} />
          </Form.Item>
          <Button onClick={() => form.setFieldsValue({ password: generatePassword() })} data-testid="reset-password-generate">
            {t("users.generate")}
          </Button>
        </Space.Compact>
      </Form.Item>
    </FormModal>
  );
}
