import { PageHeader } from "../../components/page-header";
import { useI18n } from "../../i18n/i18n";
import { ChangePasswordForm } from "./change-password-form";

/** Voluntary password change, inside the app shell. */
export function PasswordPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("password.title")} />
      <ChangePasswordForm onDone={() => undefined} />
    </>
  );
}
