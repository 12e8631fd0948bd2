import { LIMITS, formatMessage } from "@caihong/contracts/constants";
import { App, Button, Form, Input, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, Navigate } from "react-router";
import { register, requestRegisterCode } from "../../api/auth.api";
import type { TRegisterRequest } from "../../api/types";
import { useSession } from "../../app/session";
import { FullPageSpin } from "../../components/full-page-spin";
import { ConfirmPasswordItem, NewPasswordItem } from "../../components/password-items";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";
import { AuthFrame } from "./auth-frame";

interface RegisterForm extends TRegisterRequest {
  confirmPassword: string;
}

/** Seconds left until `until` (epoch ms), ticking once a second. */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}

/** Resident sign-up with phone + SMS code, laid out for a 375 px phone screen. */
export function RegisterPage() {
  const { t, locale } = useI18n();
  const { user, isLoading, signIn } = useSession();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<RegisterForm>();
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [isSending, setIsSending] = useState(false);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const secondsLeft = useCountdown(resendAt);

  if (isLoading) return <FullPageSpin />;
  if (user) return <Navigate to="/" replace />;

  const sendCode = async () => {
    try {
      await form.validateFields(["phone"]);
    } catch {
      return;
    }
    setIsSending(true);
    try {
      const answer = await requestRegisterCode(form.getFieldValue("phone") as string);
      setResendAt(Date.now() + answer.resendAfterSeconds * 1000);
      void message.success(t("register.codeSent"));
    } catch (err) {
      onProblem(err, form);
    } finally {
      setIsSending(false);
    }
  };

  const submit = async (values: RegisterForm) => {
    setIsSubmitting(true);
    try {
      const { phone, code, password, displayName } = values;
      await signIn(await register({ phone, code, password, displayName }), { shouldKeepLocale: true });
      void message.success(t("register.success"));
      // The `<Navigate to="/">` above takes over once the session has a user.
    } catch (err) {
      onProblem(err, form);
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <AuthFrame width={420}>
      <Typography.Title level={4} style={{ margin: 0, textAlign: "center" }}>
        {t("register.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
        {t("register.subtitle")}
      </Typography.Paragraph>
      <Form<RegisterForm> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item
          name="phone"
          label={t("register.phone")}
          rules={[{ required: true }, { pattern: LIMITS.phone.pattern, message: formatMessage("phone.invalid", locale) }]}
        >
          <Input type="tel" inputMode="numeric" maxLength={LIMITS.phone.length} autoComplete="tel" size="large" data-testid="register-phone" />
        </Form.Item>
        <Form.Item label={t("register.code")} htmlFor="register-code" required>
          <Space.Compact style={{ width: "100%" }}>
            <Form.Item
              name="code"
              noStyle
              rules={[{ required: true, pattern: LIMITS.verificationCode.pattern, message: t("register.codeInvalid") }]}
            >
              <Input
                id="register-code"
                inputMode="numeric"
                maxLength={LIMITS.verificationCode.length}
                autoComplete="one-time-code"
                size="large"
                data-testid="register-code"
              />
            </Form.Item>
            <Button size="large" onClick={() => void sendCode()} loading={isSending} disabled={secondsLeft > 0} data-testid="register-send-code" style={{ minWidth: 120 }}>
              {secondsLeft > 0 ? t("register.resendIn", { seconds: secondsLeft }) : t("register.sendCode")}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t("register.displayName")}
          rules={[{ required: true, whitespace: true, min: LIMITS.displayName.min, max: LIMITS.displayName.max }]}
        >
          <Input size="large" placeholder={t("register.displayNamePlaceholder")} data-testid="register-display-name" />
        </Form.Item>
        <NewPasswordItem name="password" label={t("register.password")} size="large" testId="register-password" />
        <ConfirmPasswordItem name="confirmPassword" of="password" label={t("register.confirmPassword")} size="large" testId="register-confirm-password" />
        <Button type="primary" htmlType="submit" block size="large" loading={isSubmitting} data-testid="register-submit">
          {t("register.submit")}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: "16px 0 0", textAlign: "center" }}>
        {t("register.hasAccount")} <Link to="/login">{t("register.toLogin")}</Link>
      </Typography.Paragraph>
    </AuthFrame>
  );
}
