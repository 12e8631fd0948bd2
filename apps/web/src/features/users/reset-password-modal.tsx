import type { TUser } from "@caihong/contracts";
import { LIMITS } from "@caihong/contracts/constants";
import { App, Button, Form, Input, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { resetUserPassword } from "../../api/users.api";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
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
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ password: string }>();
  const [isSaving, setIsSaving] = useState(false);

  const submit = async ({ password }: { password: string }) => {
    setIsSaving(true);
    try {
      await resetUserPassword(user.id, password);
      void message.success(t("users.passwordReset"));
      onClose(true);
    } catch (err) {
      onProblem(err, form);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t("users.resetTitle", { name: user.displayName })}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okText={t("users.resetPassword")}
      confirmLoading={isSaving}
      okButtonProps={testId("reset-password-submit")}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("users.resetHint")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
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
      </Form>
    </Modal>
  );
}
