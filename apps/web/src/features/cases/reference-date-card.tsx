import { App, Button, Card, DatePicker, Flex, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { setReferenceDate } from "../../api/settings.api";
import { useReferenceDate } from "../../app/reference-date";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

/**
 * 参考日期: the date pages count "as of" by default. A demo tenant carries its data's last day;
 * an admin may fix another or go back to today. Only pages' defaults move: clocks keep real time.
 */
export function ReferenceDateCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const reference = useReferenceDate();
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  if (!reference) return null;

  const save = async (date: string | null) => {
    setIsSaving(true);
    try {
      await setReferenceDate(date);
      reference.reload();
      setPicked(null);
      void message.success(t("reference.saved"));
    } catch (error) {
      onProblem(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Card size="small" title={t("reference.title")} style={{ marginBottom: 16 }} data-testid="reference-date-card">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("reference.explain")}
      </Typography.Paragraph>
      <Flex wrap gap={8} align="center">
        <Typography.Text strong data-testid="reference-date-value">
          {reference.isFixed ? reference.date.format("YYYY-MM-DD") : t("reference.today", { date: reference.today.format("YYYY-MM-DD") })}
        </Typography.Text>
        {canEdit ? (
          <>
            <DatePicker value={picked} onChange={setPicked} placeholder={t("reference.pick")} data-testid="reference-date-picker" />
            <Button type="primary" disabled={!picked} loading={isSaving} onClick={() => picked && void save(picked.format("YYYY-MM-DD"))} data-testid="reference-date-save">
              {t("common.save")}
            </Button>
            {reference.isFixed ? (
              <Button loading={isSaving} onClick={() => void save(null)} data-testid="reference-date-clear">
                {t("reference.useToday")}
              </Button>
            ) : null}
          </>
        ) : null}
      </Flex>
    </Card>
  );
}
