import { App, Flex, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { useI18n } from "../../../i18n/i18n";
import { PublicFrame } from "./public-frame";
import { ReportForm, type ReportMode, type ReportOutcome } from "./report-form";
import { ReportResult } from "./report-result";

function Title({ title, intro, extra }: { title: string; intro?: string; extra?: ReactNode }) {
  return (
    <div style={{ marginBottom: 12 }}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {intro ? (
        <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0", fontSize: 13 }}>
          {intro}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

/** The form, then its result; "report another" opens a fresh form (and a fresh Idempotency-Key). */
function ReportFlow({ mode }: { mode: Exclude<ReportMode, "patrol"> }) {
  const [outcome, setOutcome] = useState<ReportOutcome | null>(null);
  const [round, setRound] = useState(0);
  if (outcome) {
    return (
      <ReportResult
        outcome={outcome}
        onAnother={() => {
          setOutcome(null);
          setRound((n) => n + 1);
          window.scrollTo(0, 0);
        }}
      />
    );
  }
  return (
    <ReportForm
      key={round}
      mode={mode}
      onDone={(next) => {
        setOutcome(next);
        window.scrollTo(0, 0);
      }}
    />
  );
}

/** `/report`: a signed-in resident (or anyone with cases.report) reports a problem. */
export function ReportPage() {
  const { t } = useI18n();
  return (
    <div data-testid="report-page">
      <Title title={t("mobile.report.title")} intro={t("mobile.report.intro")} extra={<Link to="/my-reports">{t("mobile.myReports.title")}</Link>} />
      <ReportFlow mode="resident" />
    </div>
  );
}

/** `/report/public`: the same form without an account; the answer is a tracking code. */
export function PublicReportPage() {
  const { t } = useI18n();
  return (
    <PublicFrame>
      <div data-testid="report-page">
        <Title
          title={t("mobile.report.title")}
          intro={t("mobile.report.publicIntro")}
          extra={
            <Flex gap={12}>
              <Link to="/track">{t("mobile.track.title")}</Link>
              <Link to="/login">{t("mobile.report.signIn")}</Link>
            </Flex>
          }
        />
        <ReportFlow mode="public" />
      </div>
    </PublicFrame>
  );
}

/**
 * `/tasks/patrol`: a grid worker reports what they found on patrol; the new case opens as a task,
 * where 自办自结 resolves it on the spot.
 */
export function PatrolReportPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (
    <div data-testid="patrol-page">
      <Title title={t("mobile.patrol.title")} intro={t("mobile.patrol.intro")} extra={<Link to="/tasks">{t("mobile.tasks.back")}</Link>} />
      <ReportForm
        mode="patrol"
        onDone={(outcome) => {
          if (outcome.kind !== "case") return;
          void message.success(t("mobile.patrol.created", { number: outcome.created.number }));
          navigate(`/tasks/${outcome.created.id}`);
        }}
      />
    </div>
  );
}
