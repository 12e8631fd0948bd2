import { LeftOutlined } from "@ant-design/icons";
import { App, Card, Flex, Spin, Typography } from "antd";
import { Link, useParams } from "react-router";
import { LoadError } from "../../../components/status-pages";
import { useI18n } from "../../../i18n/i18n";
import { CaseFacts } from "./case-facts";
import { stepsOfCase } from "./case-steps";
import { CaseTimeline } from "./case-timeline";
import { RatePanel, ReopenPanel } from "./feedback";
import { useCaseSteps } from "./use-case-steps";

/** `/my-reports/:id`: the resident's own case with its timeline; rate it or ask to reopen it. */
export function MyReportPage() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data: detail, error, reload, take } = useCaseSteps(id);

  if (error) return <LoadError onRetry={reload} />;
  if (!detail) return <Spin style={{ display: "block", margin: "48px auto" }} />;
  const canRate = detail.allowedActions.includes("rate");
  const canReopen = detail.allowedActions.includes("reopen");

  return (
    <Flex vertical gap={12} data-testid="my-report-page">
      <Link to="/my-reports" data-testid="my-report-back">
        <LeftOutlined /> {t("mobile.myReports.title")}
      </Link>
      <CaseFacts detail={detail} />
      {canRate ? (
        <RatePanel
          current={detail.satisfaction}
          onRate={async (satisfaction, note) => {
            if (await take({ action: "rate", satisfaction, note })) void message.success(t("mobile.rate.done"));
          }}
        />
      ) : null}
      {canReopen ? (
        <ReopenPanel
          onReopen={async (reason) => {
            if (await take({ action: "reopen", reason })) void message.success(t("mobile.reopen.done"));
          }}
        />
      ) : null}
      <Card size="small" title={t("mobile.timeline.title")}>
        <CaseTimeline steps={stepsOfCase(detail)} testId="case-timeline" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("mobile.timeline.privacy")}
        </Typography.Text>
      </Card>
    </Flex>
  );
}
