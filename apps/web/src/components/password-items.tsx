import { LIMITS } from "@caihong/contracts/constants";
import { Form, Input } from "antd";
import { useI18n } from "../i18n/i18n";

interface PasswordItemProps {
  /** The form field. */
  name: string;
  label: string;
  testId: string;
  size?: "large";
}

/** A new password within the contract's length limits, with the minimum said underneath (or `hint`). */
export function NewPasswordItem({ name, label, testId, size, hint }: PasswordItemProps & { hint?: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} extra={hint ?? t("password.newHint", { min: LIMITS.password.min })} rules={[{ required: true, min: LIMITS.password.min, max: LIMITS.password.max }]}>
      <Input.Password size={size} autoComplete="new-password" data-testid={testId} />
    </Form.Item>
  );
}

/** The new password typed again; it must equal the field `of`. */
export function ConfirmPasswordItem({ name, of, label, testId, size }: PasswordItemProps & { of: string }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={name}
      label={label}
      dependencies={[of]}
      rules={[
        { required: true },
        ({ getFieldValue }) => ({
          validator: (_, value) => (!value || value === getFieldValue(of) ? Promise.resolve() : Promise.reject(new Error(t("password.mismatch")))),
        }),
      ]}
    >
      <Input.Password size={size} autoComplete="new-password" data-testid={testId} />
    </Form.Item>
  );
}
