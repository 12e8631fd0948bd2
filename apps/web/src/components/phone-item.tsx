import { LIMITS, formatMessage } from "@caihong/contracts/constants";
import { Form, Input } from "antd";
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n";

/** A mainland mobile number as the contract takes it; `extra` says, on an edit, that a blank keeps the stored (masked) one. */
export function PhoneItem({ name = "phone", label, extra, testId }: { name?: string; label: string; extra?: ReactNode; testId: string }) {
  const { locale } = useI18n();
  return (
    <Form.Item name={name} label={label} extra={extra} rules={[{ pattern: LIMITS.phone.pattern, message: formatMessage("phone.invalid", locale) }]}>
      <Input type="tel" inputMode="numeric" maxLength={LIMITS.phone.length} autoComplete="off" data-testid={testId} />
    </Form.Item>
  );
}
