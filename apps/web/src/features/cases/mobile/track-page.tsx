import { LIMITS, SATISFACTION_LABELS } from "@caihong/contracts/constants";
import { App, Button, Card, Descriptions, Flex, Form, Input, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ratePublicCase, reopenPublicCase, trackPublicCase, type TPublicCaseView } from "../../../api/cases";
import { useProblemHandler } from "../../../components/use-problem";
import { formatDateTime } from "../../../i18n/format";
import { useI18n } from "../../../i18n/i18n";
import { StateTag } from "../case-tags";
import { CasePhotos } from "./case-photos";
import { CaseTimeline } from "./case-timeline";
import { RatePanel, ReopenPanel } from "./feedback";
import { PublicFrame } from "./public-frame";

interface TrackValues {
  number: string;
  code: string;
}

/** The case as its tracking code shows it: no names, no contact details. */
function TrackedCase({ view, code, onChange }: { view: TPublicCaseView; code: string; onChange: (view: TPublicCaseView) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const items = [
    { key: "category", label: t("mobile.case.category"), children: view.categoryName },
    { key: "address", label: t("mobile.case.address"), children: [view.address, view.gridName].filter(Boolean).join(" · ") || t("common.none") },
    { key: "reportedAt", label: t("mobile.case.reported"), children: formatDateTime(view.reportedAt) },
    ...(view.closedAt ? [{ key: "closedAt", label: t("mobile.case.closed"), children: formatDateTime(view.closedAt) }] : []),
    ...(view.satisfaction ? [{ key: "satisfaction", label: t("mobile.case.satisfaction"), children: label(SATISFACTION_LABELS[view.satisfaction]) }] : []),
  ];
  const steps = view.timeline.map((step, index) => ({ key: String(index), ...step }));
  return (
    <Flex vertical gap={12}>
      <Card size="small" data-testid="track-case">
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong data-testid="case-number">
            {view.number}
          </Typography.Text>
          <span data-testid="case-state" data-state={view.state}>
            <StateTag state={view.state} />
          </span>
        </Flex>
        <Typography.Paragraph style={{ margin: "8px 0", whiteSpace: "pre-wrap" }}>{view.description}</Typography.Paragraph>
        {view.photos.length ? (
          <div style={{ marginBottom: 8 }}>
            <CasePhotos photos={view.photos} testId="case-photos" />
          </div>
        ) : null}
        <Descriptions column={1} size="small" items={items} />
      </Card>
      {view.canRate ? (
        <RatePanel
          current={view.satisfaction}
          onRate={async (satisfaction, note) => {
            try {
              onChange(await ratePublicCase({ number: view.number, code, satisfaction, note }));
              void message.success(t("mobile.rate.done"));
            } catch (err) {
              onProblem(err);
            }
          }}
        />
      ) : null}
      {view.canReopen ? (
        <ReopenPanel
          onReopen={async (reason) => {
            try {
              onChange(await reopenPublicCase({ number: view.number, code, reason }));
              void message.success(t("mobile.reopen.done"));
            } catch (err) {
              onProblem(err);
            }
          }}
        />
      ) : null}
      <Card size="small" title={t("mobile.timeline.title")}>
        <CaseTimeline steps={steps} testId="case-timeline" />
      </Card>
    </Flex>
  );
}

/**
 * `/track`: anyone holding a case number and its tracking code follows the case, rates it once
 * closed, or asks to reopen it. `?number=…&code=…` (the link shown after a public report) looks
 * it up at once.
 */
export function TrackPage() {
  const { t } = useI18n();
  const onProblem = useProblemHandler();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<TrackValues>();
  const [view, setView] = useState<{ data: TPublicCaseView; code: string } | null>(null);
  const [isLoading, setIsLoading] = useState(false);

  const look = async (values: TrackValues) => {
    const number = values.number.trim().toUpperCase();
    const code = values.code.trim().toUpperCase();
    setIsLoading(true);
    try {
      setView({ data: await trackPublicCase({ number, code }), code });
      setParams({ number, code }, { replace: true });
    } catch (err) {
      setView(null);
      onProblem(err);
    } finally {
      setIsLoading(false);
    }
  };

  const initialNumber = params.get("number") ?? "";
  const initialCode = params.get("code") ?? "";
  useEffect(() => {
    if (initialNumber && initialCode) void look({ number: initialNumber, code: initialCode });
    // Only the address the page was opened with.
  }, []);

  return (
    <PublicFrame>
      <Flex vertical gap={12} data-testid="track-page">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("mobile.track.title")}
          </Typography.Title>
          <Link to="/report/public">{t("mobile.report.title")}</Link>
        </Flex>
        <Card size="small">
          <Form<TrackValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ number: initialNumber, code: initialCode }}
            onFinish={(values) => void look(values)}
          >
            <Form.Item name="number" label={t("mobile.track.number")} rules={[{ required: true, whitespace: true, max: LIMITS.caseTracking.max }]}>
              <Input placeholder="XH-2025-000001" autoCapitalize="characters" data-testid="track-number" />
            </Form.Item>
            <Form.Item name="code" label={t("mobile.track.code")} rules={[{ required: true, whitespace: true, max: LIMITS.caseTracking.max }]}>
              <Input autoCapitalize="characters" autoComplete="off" data-testid="track-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={isLoading} data-testid="track-submit">
              {t("mobile.track.submit")}
            </Button>
          </Form>
        </Card>
        {view ? <TrackedCase view={view.data} code={view.code} onChange={(data) => setView({ data, code: view.code })} /> : null}
      </Flex>
    </PublicFrame>
  );
}
