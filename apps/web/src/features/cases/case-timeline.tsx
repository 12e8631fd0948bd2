import { CASE_ACTION_LABELS, CASE_STATE_LABELS, ESCALATION_STAGE_LABELS, SATISFACTION_LABELS } from "@caihong/contracts/constants";
import { Flex, Image, Tag, Timeline, Typography } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { casePhotoUrl, type TCaseDetail, type TCaseEvent } from "../../api/cases";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { UserText } from "../../components/user-text";
import { ActorLabel } from "./actor-label";

type ActionLabelKey = keyof typeof CASE_ACTION_LABELS;
type Stage = keyof typeof ESCALATION_STAGE_LABELS;
type Satisfaction = keyof typeof SATISFACTION_LABELS;

/** Dot colours: refusals and escalations red, requests and warnings orange, completed work green, notes grey, other steps blue. */
function dotColor(action: string): string {
  if (["void", "rework", "refuse_return", "refuse_extension", "escalate", "reopen"].includes(action)) return "#f5222d";
  if (["warn", "supervise", "request_return", "request_extension"].includes(action)) return "#fa8c16";
  if (["handle", "self_resolve", "close", "verify", "follow_up", "rate"].includes(action)) return "#52c41a";
  if (action === "comment" || action === "report") return "#8c8c8c";
  return "#1677ff";
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

/** The facts a step recorded (assignee, due times, rating, stage, merged cases), as short lines. */
function EventFacts({ event }: { event: TCaseEvent }) {
  const { t, label } = useI18n();
  const { data } = event;
  const facts: ReactNode[] = [];
  if (isRecord(data.assignee) && text(data.assignee.label)) {
    facts.push(
      <span key="assignee">
        {t("cases.timeline.assigneeLabel")}
        <UserText>{text(data.assignee.label)}</UserText>
      </span>,
    );
  }
  if (text(data.handleDueAt)) facts.push(t("cases.timeline.handleDue", { at: formatDateTime(text(data.handleDueAt)) }));
  if (text(data.dueAt) && event.action !== "escalate" && event.action !== "warn") {
    facts.push(text(data.previousDueAt) ? t("cases.timeline.dueMoved", { from: formatDateTime(text(data.previousDueAt)), to: formatDateTime(text(data.dueAt)) }) : t("cases.timeline.dueAsked", { at: formatDateTime(text(data.dueAt)) }));
  }
  const satisfaction = text(data.satisfaction) as Satisfaction | null;
  if (satisfaction && SATISFACTION_LABELS[satisfaction]) facts.push(t("cases.timeline.satisfaction", { value: label(SATISFACTION_LABELS[satisfaction]) }));
  const stage = text(data.stage) as Stage | null;
  if (stage && ESCALATION_STAGE_LABELS[stage]) facts.push(label(ESCALATION_STAGE_LABELS[stage]));
  if (isRecord(data.mainCase) && text(data.mainCase.id)) {
    facts.push(
      <span key="main">
        {t("cases.timeline.mergedInto")} <Link to={`/cases/${text(data.mainCase.id)}`}>{text(data.mainCase.number)}</Link>
      </span>,
    );
  }
  if (isRecord(data.duplicate) && text(data.duplicate.id)) {
    facts.push(
      <span key="dup">
        {t("cases.timeline.duplicate")} <Link to={`/cases/${text(data.duplicate.id)}`}>{text(data.duplicate.number)}</Link>
      </span>,
    );
  }
  if (isRecord(data.gridOverride) && text(data.gridOverride.reason)) {
    facts.push(
      <span key="override">
        {t("cases.timeline.gridOverrideLabel")}
        <UserText>{text(data.gridOverride.reason)}</UserText>
      </span>,
    );
  }
  if (facts.length === 0) return null;
  return (
    <Flex vertical gap={2}>
      {facts.map((fact, index) => (
        <Typography.Text key={index} type="secondary" style={{ fontSize: 13 }}>
          {fact}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** 处置过程: every step, oldest first, with who, when, what was said and the evidence photos. */
export function CaseTimeline({ detail }: { detail: TCaseDetail }) {
  const { t, label } = useI18n();
  const photos = new Map(detail.photos.map((photo) => [photo.id, photo]));
  const items = detail.events.map((event) => {
    const actionLabel = CASE_ACTION_LABELS[event.action as ActionLabelKey] ? label(CASE_ACTION_LABELS[event.action as ActionLabelKey]) : event.action;
    const isMove = event.fromState !== event.toState;
    return {
      key: event.id,
      color: dotColor(event.action),
      content: (
        <div data-testid={`case-event-${event.action}`}>
          <Flex wrap gap={8} align="center">
            <Typography.Text strong>{actionLabel}</Typography.Text>
            {isMove ? <Tag style={{ marginInlineEnd: 0 }}>{t("cases.timeline.toState", { state: label(CASE_STATE_LABELS[event.toState]) })}</Tag> : null}
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              <ActorLabel label={event.actorLabel} /> · {formatDateTime(event.at)}
            </Typography.Text>
          </Flex>
          {event.reason ? (
            <div>
              <Typography.Text type="secondary">{t("cases.timeline.reason")}</Typography.Text>
              <UserText style={{ whiteSpace: "pre-wrap" }}>{event.reason}</UserText>
            </div>
          ) : null}
          {event.note ? (
            <div style={{ whiteSpace: "pre-wrap" }}>
              <UserText>{event.note}</UserText>
            </div>
          ) : null}
          <EventFacts event={event} />
          {event.photoIds.length > 0 ? (
            <Flex gap={6} wrap style={{ marginTop: 6 }}>
              <Image.PreviewGroup>
                {event.photoIds.map((id, index) => (
                  <Image key={id} width={64} height={64} style={{ objectFit: "cover", borderRadius: 4 }} src={photos.get(id)?.thumbUrl ?? casePhotoUrl(id, true)} preview={{ src: photos.get(id)?.url ?? casePhotoUrl(id) }} alt={t("cases.photo.alt", { n: index + 1 })} />
                ))}
              </Image.PreviewGroup>
            </Flex>
          ) : null}
        </div>
      ),
    };
  });
  return <Timeline items={items} data-testid="case-detail-timeline" />;
}
