import { LeftOutlined } from "@ant-design/icons";
import { CASE_ACTION_LABELS, type TCaseAction } from "@caihong/contracts/constants";
import { App, Button, Card, Flex, Spin } from "antd";
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { useSession } from "../../../app/session";
import { LoadError } from "../../../components/status-pages";
import { useI18n } from "../../../i18n/i18n";
import { CaseFacts } from "./case-facts";
import { stepsOfCase } from "./case-steps";
import { CaseTimeline } from "./case-timeline";
import { StepSheet, type SheetAction } from "./step-sheet";
import { useCaseSteps } from "./use-case-steps";

const LocationMap = lazy(() => import("./location-map"));

/** Steps taken with one tap. */
const TAP_ACTIONS = ["acknowledge", "start"] as const satisfies readonly TCaseAction[];
/** Steps with a form; the first listed that is allowed is the page's main button. */
const SHEET_ACTIONS = ["handle", "self_resolve", "request_extension", "request_return"] as const satisfies readonly SheetAction[];
const MAIN_SHEETS = new Set<SheetAction>(["handle", "self_resolve"]);

/**
 * `/tasks/:id`: a case on the grid worker's phone — facts, photos, the place on the map, the
 * deadline (red when overdue) — and the steps they may take now: 签收, 开始处置, 处置反馈 with
 * evidence photos, 自办自结 (a patrol report resolved on the spot), 申请延期, 申请退回.
 * Buttons `task-<action>` (e.g. `task-acknowledge`, `task-self_resolve`).
 */
export function TaskPage() {
  const { id = "" } = useParams();
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const { data: detail, error, reload, take } = useCaseSteps(id);
  const [sheet, setSheet] = useState<SheetAction | null>(null);
  const [busy, setBusy] = useState<TCaseAction | null>(null);

  if (error) return <LoadError onRetry={reload} />;
  if (!detail) return <Spin style={{ display: "block", margin: "48px auto" }} />;

  const tap = async (action: (typeof TAP_ACTIONS)[number]) => {
    setBusy(action);
    const next = await take({ action });
    setBusy(null);
    if (next) void message.success(t("mobile.step.done", { action: label(CASE_ACTION_LABELS[action]) }));
  };
  const taps = TAP_ACTIONS.filter((action) => detail.allowedActions.includes(action));
  const sheets = SHEET_ACTIONS.filter((action) => detail.allowedActions.includes(action));
  const location = detail.location ? { lng: detail.location.lng, lat: detail.location.lat, crs: "wgs84" as const } : null;

  return (
    <Flex vertical gap={12} data-testid="task-page">
      <Link to="/tasks" data-testid="task-back">
        <LeftOutlined /> {t("mobile.tasks.title")}
      </Link>
      <CaseFacts detail={detail} isStaffView>
        {location && can("grids.read") ? (
          <div style={{ marginTop: 8 }}>
            <Suspense fallback={<div style={{ height: 180 }} />}>
              <LocationMap value={location} focusGridId={detail.gridId} height={180} />
            </Suspense>
          </div>
        ) : null}
      </CaseFacts>
      {taps.length || sheets.length ? (
        <Card size="small" data-testid="task-actions">
          <Flex vertical gap={8}>
            {taps.map((action) => (
              <Button key={action} type="primary" size="large" block loading={busy === action} onClick={() => void tap(action)} data-testid={`task-${action}`}>
                {label(CASE_ACTION_LABELS[action])}
              </Button>
            ))}
            {sheets
              .filter((action) => MAIN_SHEETS.has(action))
              .map((action) => (
                <Button key={action} type={taps.length ? "default" : "primary"} size="large" block onClick={() => setSheet(action)} data-testid={`task-${action}`}>
                  {label(CASE_ACTION_LABELS[action])}
                </Button>
              ))}
            <Flex gap={8}>
              {sheets
                .filter((action) => !MAIN_SHEETS.has(action))
                .map((action) => (
                  <Button key={action} style={{ flex: 1 }} onClick={() => setSheet(action)} data-testid={`task-${action}`}>
                    {label(CASE_ACTION_LABELS[action])}
                  </Button>
                ))}
            </Flex>
          </Flex>
        </Card>
      ) : null}
      <Card size="small" title={t("mobile.timeline.title")}>
        <CaseTimeline steps={stepsOfCase(detail)} testId="case-timeline" />
      </Card>
      {sheet ? (
        <StepSheet
          action={sheet}
          detail={detail}
          onClose={() => setSheet(null)}
          onSubmit={async (body) => {
            const next = await take(body);
            if (next) void message.success(t("mobile.step.done", { action: label(CASE_ACTION_LABELS[body.action]) }));
            return next !== null;
          }}
        />
      ) : null}
    </Flex>
  );
}
