import { FrownOutlined, MehOutlined, SmileOutlined } from "@ant-design/icons";
import { LIMITS, SATISFACTION, SATISFACTION_LABELS, type TSatisfaction } from "@caihong/contracts/constants";
import { Button, Card, Flex, Input, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useI18n } from "../../../i18n/i18n";

const NOTE_MAX = LIMITS.note.max;

const ICONS: Record<TSatisfaction, ReactNode> = {
  satisfied: <SmileOutlined />,
  basically_satisfied: <MehOutlined />,
  dissatisfied: <FrownOutlined />,
};

interface RatePanelProps {
  /** The rating already given, if any: shown, with a way to change it while rating is open. */
  current: TSatisfaction | null;
  onRate: (satisfaction: TSatisfaction, note: string | undefined) => Promise<void>;
}

/**
 * 满意 / 基本满意 / 不满意 plus an optional note, for the reporter of a closed case; once rated,
 * the rating with 修改评价. Test ids `rate-panel`, `rate-<satisfaction>`, `rate-note`,
 * `rate-submit`, `rate-current` (`data-satisfaction`), `rate-change`.
 */
export function RatePanel({ current, onRate }: RatePanelProps) {
  const { t, label } = useI18n();
  const [choice, setChoice] = useState<TSatisfaction | null>(null);
  const [note, setNote] = useState("");
  const [isSaving, setIsSaving] = useState(false);
  const [isChanging, setIsChanging] = useState(false);
  const submit = async () => {
    if (!choice) return;
    setIsSaving(true);
    try {
      await onRate(choice, note.trim() || undefined);
      setIsChanging(false);
    } finally {
      setIsSaving(false);
    }
  };
  if (current && !isChanging) {
    return (
      <Card size="small" data-testid="rate-current" data-satisfaction={current}>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text>
            <span style={{ marginInlineEnd: 6 }}>{ICONS[current]}</span>
            {t("mobile.rate.current", { value: label(SATISFACTION_LABELS[current]) })}
          </Typography.Text>
          <Button
            size="small"
            onClick={() => {
              setChoice(current);
              setIsChanging(true);
            }}
            data-testid="rate-change"
          >
            {t("mobile.rate.change")}
          </Button>
        </Flex>
      </Card>
    );
  }
  return (
    <Card size="small" title={t("mobile.rate.title")} data-testid="rate-panel">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t("mobile.rate.hint")}
        </Typography.Text>
        <Flex gap={8}>
          {SATISFACTION.map((value) => (
            <Button
              key={value}
              icon={ICONS[value]}
              color={value === "dissatisfied" ? "danger" : "primary"}
              variant={choice === value ? "solid" : "outlined"}
              onClick={() => setChoice(value)}
              style={{ flex: 1, paddingInline: 4 }}
              data-testid={`rate-${value}`}
            >
              {label(SATISFACTION_LABELS[value])}
            </Button>
          ))}
        </Flex>
        <Input.TextArea
          value={note}
          onChange={(event) => setNote(event.target.value)}
          maxLength={NOTE_MAX}
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t("mobile.rate.notePlaceholder")}
          data-testid="rate-note"
        />
        <Button type="primary" block disabled={!choice} loading={isSaving} onClick={() => void submit()} data-testid="rate-submit">
          {t("mobile.rate.submit")}
        </Button>
      </Flex>
    </Card>
  );
}

/**
 * 申请重办: the reporter says the problem is not solved, with a reason (within the reopen window
 * after closure). Test ids `reopen-open`, `reopen-reason`, `reopen-submit`.
 */
export function ReopenPanel({ onReopen }: { onReopen: (reason: string) => Promise<void> }) {
  const { t } = useI18n();
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [isSaving, setIsSaving] = useState(false);
  if (!isOpen) {
    return (
      <Button block onClick={() => setIsOpen(true)} data-testid="reopen-open">
        {t("mobile.reopen.open")}
      </Button>
    );
  }
  const submit = async () => {
    setIsSaving(true);
    try {
      await onReopen(reason.trim());
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Card size="small" title={t("mobile.reopen.title")} data-testid="reopen-panel">
      <Flex vertical gap={12}>
        <Input.TextArea
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={NOTE_MAX}
          showCount
          autoSize={{ minRows: 3, maxRows: 6 }}
          placeholder={t("mobile.reopen.placeholder")}
          data-testid="reopen-reason"
        />
        <Flex gap={8}>
          <Button onClick={() => setIsOpen(false)} style={{ flex: 1 }}>
            {t("common.cancel")}
          </Button>
          <Button type="primary" danger disabled={!reason.trim()} loading={isSaving} onClick={() => void submit()} style={{ flex: 1 }} data-testid="reopen-submit">
            {t("mobile.reopen.submit")}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
