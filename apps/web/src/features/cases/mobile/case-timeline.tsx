import { CASE_ACTION_LABELS, CASE_STATE_LABELS, SATISFACTION_LABELS, type TCaseState, type TSatisfaction } from "@caihong/contracts/constants";
import { Flex, Timeline, Typography } from "antd";
import { formatDateTime } from "../../../i18n/format";
import { UserText } from "../../../components/user-text";
import { useI18n } from "../../../i18n/i18n";
import { ActorLabel } from "../actor-label";
import { CasePhotos, type PhotoLink } from "./case-photos";

/** One step as the timeline shows it (a staff event, or the public view's reduced one). */
export interface TimelineStep {
  key: string;
  action: string;
  toState: TCaseState;
  at: string;
  actorLabel?: string;
  note?: string | null;
  reason?: string | null;
  satisfaction?: TSatisfaction | null;
  dueAt?: string | null;
  photos?: readonly PhotoLink[];
}

const DONE_ACTIONS = new Set(["close", "self_resolve", "rate", "verify"]);
const WARN_ACTIONS = new Set(["request_return", "request_extension", "rework", "reopen", "escalate", "warn", "supervise", "void"]);

/**
 * The case's steps, newest first: what was done, when, by whom, with the notes, ratings and
 * evidence photos. Each row carries `data-action` for the journeys.
 */
export function CaseTimeline({ steps, testId }: { steps: readonly TimelineStep[]; testId: string }) {
  const { t, label } = useI18n();
  const items = [...steps].reverse().map((step) => {
    const known = step.action in CASE_ACTION_LABELS ? label(CASE_ACTION_LABELS[step.action as keyof typeof CASE_ACTION_LABELS]) : step.action;
    const color = DONE_ACTIONS.has(step.action) ? "green" : WARN_ACTIONS.has(step.action) ? "orange" : "blue";
    return {
      key: step.key,
      color,
      content: (
        <div data-testid={`${testId}-step`} data-action={step.action}>
          <Flex justify="space-between" gap={8} wrap>
            <Typography.Text strong>{known}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(step.at)}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {step.actorLabel ? (
              <>
                <ActorLabel label={step.actorLabel} />
                {" · "}
              </>
            ) : null}
            {label(CASE_STATE_LABELS[step.toState])}
          </Typography.Text>
          {step.satisfaction ? <div>{t("mobile.timeline.satisfaction", { value: label(SATISFACTION_LABELS[step.satisfaction]) })}</div> : null}
          {step.dueAt ? <div>{t("mobile.timeline.dueAt", { at: formatDateTime(step.dueAt) })}</div> : null}
          {step.note ? (
            <Typography.Paragraph style={{ margin: "2px 0 0", whiteSpace: "pre-wrap" }}>
              <UserText>{step.note}</UserText>
            </Typography.Paragraph>
          ) : null}
          {step.reason && step.reason !== step.note ? (
            <Typography.Paragraph type="secondary" style={{ margin: "2px 0 0", whiteSpace: "pre-wrap" }}>
              {t("mobile.timeline.reason", { reason: step.reason })}
            </Typography.Paragraph>
          ) : null}
          {step.photos?.length ? (
            <div style={{ marginTop: 6 }}>
              <CasePhotos photos={step.photos} testId={`${testId}-photos`} />
            </div>
          ) : null}
        </div>
      ),
    };
  });
  return <Timeline items={items} data-testid={testId} />;
}
