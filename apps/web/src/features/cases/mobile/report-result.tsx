import { CopyOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Flex, Result, Typography } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { useI18n } from "../../../i18n/i18n";
import type { ReportOutcome } from "./report-form";

/** `/track?number=…&code=…`: the page where the holder of a tracking code follows the case. */
export function trackPath(number: string, code: string): string {
  return `/track?${new URLSearchParams({ number, code }).toString()}`;
}

/** "Reported", with the case number to copy. */
function ReportedResult({ number, extra, padding }: { number: string; extra?: ReactNode; padding: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="success"
      title={t("mobile.result.title")}
      subTitle={
        <>
          {t("mobile.result.number")} <Typography.Text strong copyable data-testid="report-number">{number}</Typography.Text>
        </>
      }
      extra={extra}
      style={{ padding }}
    />
  );
}

/**
 * After a report: its number, and for a report without an account the tracking code — shown only
 * this once — with the link that follows, rates and reopens the case.
 */
export function ReportResult({ outcome, onAnother }: { outcome: ReportOutcome; onAnother: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const number = outcome.created.number;

  if (outcome.kind === "case") {
    return (
      <Card data-testid="report-success">
        <ReportedResult
          number={number}
          extra={
            <Flex vertical gap={8}>
              <Link to={`/my-reports/${outcome.created.id}`}>
                <Button type="primary" block size="large" data-testid="report-view">
                  {t("mobile.result.view")}
                </Button>
              </Link>
              <Button block size="large" onClick={onAnother} data-testid="report-another">
                {t("mobile.result.another")}
              </Button>
            </Flex>
          }
          padding="24px 0"
        />
      </Card>
    );
  }

  const { trackingCode } = outcome.created;
  const link = trackPath(number, trackingCode);
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(new URL(link, window.location.origin).toString());
      void message.success(t("common.copied"));
    } catch {
      void message.info(new URL(link, window.location.origin).toString());
    }
  };
  return (
    <Card data-testid="report-success">
      <ReportedResult number={number} padding="24px 0 8px" />
      <Flex vertical gap={12} align="stretch">
        <Alert type="warning" showIcon title={t("mobile.result.saveCode")} description={t("mobile.result.saveCodeHint")} />
        <div style={{ textAlign: "center" }}>
          <Typography.Text type="secondary">{t("mobile.result.trackingCode")}</Typography.Text>
          <Typography.Title level={2} copyable style={{ margin: "4px 0 0", letterSpacing: 4, fontFamily: "monospace" }} data-testid="report-tracking-code">
            {trackingCode}
          </Typography.Title>
        </div>
        <Link to={link} data-testid="report-track-link">
          <Button type="primary" block size="large">
            {t("mobile.result.track")}
          </Button>
        </Link>
        <Button block icon={<CopyOutlined />} onClick={() => void copyLink()} data-testid="report-copy-link">
          {t("mobile.result.copyLink")}
        </Button>
        <Button block type="link" onClick={onAnother} data-testid="report-another">
          {t("mobile.result.another")}
        </Button>
      </Flex>
    </Card>
  );
}
