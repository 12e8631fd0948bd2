import type { TCaseChannel, TCaseState, TSlaStatus } from "@caihong/contracts/constants";
import { CASE_CHANNEL_LABELS, CASE_STATE_LABELS, FINISHED_STATES, SLA_STATUS_LABELS } from "@caihong/contracts/constants";
import { Tag, Tooltip } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { formatDateTime } from "../../i18n/format";
import { useI18n, type MessageKey } from "../../i18n/i18n";

/** SLA colours: on time green, due soon orange, overdue red, no clock grey (legend and markers too). */
export const SLA_COLORS: Record<TSlaStatus, string> = {
  normal: "#52c41a",
  warning: "#fa8c16",
  overdue: "#f5222d",
  none: "#8c8c8c",
};

const SLA_TAG_COLORS: Record<TSlaStatus, string> = { normal: "success", warning: "warning", overdue: "error", none: "default" };

/** antd tag colours of the states: waiting for the dispatcher warm, with the handler blue, done grey/green. */
const STATE_TAG_COLORS: Record<TCaseState, string> = {
  reported: "gold",
  filed: "orange",
  dispatched: "blue",
  acknowledged: "geekblue",
  in_progress: "purple",
  return_requested: "magenta",
  handled: "cyan",
  verified: "lime",
  closed: "green",
  voided: "default",
  merged: "default",
};

/** The SLA tag of a case; none for a finished case with no clock ("未计时" would say nothing there). */
export function CaseSlaTag({ sla, state }: { sla: TSlaStatus; state: TCaseState }) {
  return sla === "none" && (FINISHED_STATES as readonly TCaseState[]).includes(state) ? null : <SlaTag sla={sla} />;
}

export function SlaTag({ sla }: { sla: TSlaStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={SLA_TAG_COLORS[sla]} style={{ marginInlineEnd: 0 }} data-testid={`sla-${sla}`}>
      {label(SLA_STATUS_LABELS[sla])}
    </Tag>
  );
}

export function StateTag({ state }: { state: TCaseState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_TAG_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid={`state-${state}`}>
      {label(CASE_STATE_LABELS[state])}
    </Tag>
  );
}

export function ChannelText({ channel }: { channel: TCaseChannel }) {
  const { label } = useI18n();
  return <>{label(CASE_CHANNEL_LABELS[channel])}</>;
}

/** `2天3小时` / `2 d 3 h` between now and `due`, for the countdown. */
export function durationParts(minutes: number, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  const total = Math.max(0, Math.round(minutes));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return t("cases.duration.dh", { d: days, h: hours });
  if (hours > 0) return t("cases.duration.hm", { h: hours, m: mins });
  return t("cases.duration.m", { m: mins });
}

/** Re-renders every minute, for countdowns. */
function useMinuteTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(handle);
  }, []);
  return now;
}

/**
 * Calendar time left until the handling deadline ("剩 3小时20分" / "超期 1天2小时"); the SLA colour
 * itself comes from the server, which counts working time.
 */
export function DueCountdown({ dueAt, isRunning }: { dueAt: string | null; isRunning: boolean }) {
  const { t } = useI18n();
  const now = useMinuteTick();
  if (!dueAt) return <span>—</span>;
  const minutes = dayjs(dueAt).diff(dayjs(now), "minute", true);
  return (
    <Tooltip title={t("cases.dueAtTip", { at: formatDateTime(dueAt) })}>
      <span data-testid="case-countdown">
        {formatDateTime(dueAt)}
        {isRunning ? (
          <span style={{ marginInlineStart: 8, color: minutes < 0 ? SLA_COLORS.overdue : undefined }}>
            {minutes < 0 ? t("cases.overdueBy", { d: durationParts(-minutes, t) }) : t("cases.remaining", { d: durationParts(minutes, t) })}
          </span>
        ) : null}
      </span>
    </Tooltip>
  );
}
