import { Alert, Button, Flex } from "antd";
import { useNavigate } from "react-router";
import { useSession } from "../../app/session";
import { useI18n } from "../../i18n/i18n";
import { AuthFrame } from "./auth-frame";
import { ChangePasswordForm } from "./change-password-form";

/** Shown before anything else while the session says the temporary password must be changed. */
export function ForcedPasswordPage() {
  const { t } = useI18n();
  const { refresh, signOut } = useSession();
  const navigate = useNavigate();

  const done = async () => {
    await refresh();
    void navigate("/", { replace: true });
  };

  return (
    <AuthFrame width={440}>
      <Alert type="warning" showIcon title={t("password.forcedTitle")} description={t("password.forcedHint")} style={{ marginBottom: 16 }} />
      <ChangePasswordForm onDone={() => void done()} />
      <Flex justify="flex-end">
        <Button type="link" onClick={() => void signOut()} data-testid="logout">
          {t("nav.logout")}
        </Button>
      </Flex>
    </AuthFrame>
  );
}
