import { Button, Result } from "antd";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { useI18n } from "../i18n/i18n";

/** 403: signed in but lacking the permission for this page. */
export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <div data-testid="page-403">
      <Result
        status="403"
        title={t("error.forbiddenTitle")}
        subTitle={t("error.forbidden")}
        extra={
          <Link to="/">
            <Button type="primary">{t("error.backHome")}</Button>
          </Link>
        }
      />
    </div>
  );
}

/** 404: no such page. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div data-testid="page-404">
      <Result
        status="404"
        title={t("error.notFoundTitle")}
        subTitle={t("error.notFound")}
        extra={
          <Link to="/">
            <Button type="primary">{t("error.backHome")}</Button>
          </Link>
        }
      />
    </div>
  );
}

/** Route error boundary: a failed lazy chunk or a render crash. */
export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useI18n();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  console.error(error);
  return (
    <Result
      status="500"
      title={t("error.crashTitle")}
      subTitle={t("error.crash")}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t("error.reload")}
        </Button>
      }
    />
  );
}

/** Inline error for a failed load, with a retry button. */
export function LoadError({ onRetry, detail }: { onRetry: () => void; detail?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="warning"
      title={t("error.loadFailed")}
      subTitle={detail}
      extra={<Button onClick={onRetry}>{t("common.retry")}</Button>}
    />
  );
}
