import { LockOutlined, UserOutlined } from "@ant-design/icons";
import type { TLoginRequest } from "@caihong/contracts";
import { LIMITS } from "@caihong/contracts/constants";
import { Alert, Button, Form, Input, Typography } from "antd";
import { useState } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { login } from "../../api/auth.api";
import { ApiError, NETWORK_ERROR } from "../../api/client";
import { safeNext } from "../../app/require-auth";
import { useSession } from "../../app/session";
import { FullPageSpin } from "../../components/full-page-spin";
import { useI18n } from "../../i18n/i18n";
import { AuthFrame } from "./auth-frame";

/** Staff and residents sign in here with username (or phone) and password. */
export function LoginPage() {
  const { t } = useI18n();
  const { user, isLoading, signIn, lostReason } = useSession();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const next = safeNext(params.get("next"));

  if (isLoading) return <FullPageSpin />;
  if (user) return <Navigate to={next} replace />;

  const submit = async (values: TLoginRequest) => {
    setIsSubmitting(true);
    setError(null);
    try {
      // No navigate() here: once the session has a user, the `<Navigate to={next}>` above takes
      // over. A second navigation raced it and could leave a blank page mid-redirect.
      await signIn(await login(values));
    } catch (err) {
      if (err instanceof ApiError && err.code !== NETWORK_ERROR) setError(err.problem.detail || err.problem.title);
      else setError(t("error.network"));
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <AuthFrame>
      <Typography.Title level={4} style={{ marginTop: 0, textAlign: "center" }}>
        {t("login.title")}
      </Typography.Title>
      {lostReason === "SESSION_EXPIRED" && !error ? (
        <Alert type="info" showIcon title={t("login.sessionExpired")} style={{ marginBottom: 16 }} />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
      <Form<TLoginRequest> layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false} data-testid="login-form">
        <Form.Item name="username" label={t("login.username")} rules={[{ required: true, whitespace: true, max: LIMITS.signInUsername.max }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label={t("login.password")} rules={[{ required: true }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={isSubmitting} data-testid="login-submit">
          {t("login.submit")}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: "16px 0 0", textAlign: "center" }}>
        {t("login.noAccount")}{" "}
        <Link to="/register" data-testid="login-register-link">
          {t("login.register")}
        </Link>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0", textAlign: "center" }}>
        <Link to="/report/public" data-testid="login-public-report-link">
          {t("login.reportWithoutAccount")}
        </Link>
        {" · "}
        <Link to="/track" data-testid="login-track-link">
          {t("login.trackReport")}
        </Link>
      </Typography.Paragraph>
    </AuthFrame>
  );
}
