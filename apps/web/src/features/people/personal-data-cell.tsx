import { EyeInvisibleOutlined, EyeOutlined } from "@ant-design/icons";
import type { TPerson } from "@caihong/contracts";
import { Button, Flex, Tooltip, Typography } from "antd";
import { useState } from "react";
import { revealPersonData, type TPersonPersonalData } from "../../api/people.api";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

/**
 * Masked phone over masked ID number, with one eye button revealing both (one audited read).
 * `testKey` names the test ids (`person-phone-<key>`, `person-id-number-<key>`, `person-reveal-<key>`).
 */
export function PersonalDataCell({ person, canReveal, testKey }: { person: TPerson; canReveal: boolean; testKey: string }) {
  const { t } = useI18n();
  const onProblem = useProblemHandler();
  const [revealed, setRevealed] = useState<TPersonPersonalData | null>(null);
  const [isShown, setIsShown] = useState(false);
  const [isLoading, setIsLoading] = useState(false);

  if (!person.phoneMasked && !person.idNumberMasked) return <Typography.Text type="secondary">—</Typography.Text>;

  const toggle = async () => {
    if (isShown) {
      setIsShown(false);
      return;
    }
    if (revealed === null) {
      setIsLoading(true);
      try {
        setRevealed(await revealPersonData(person.id));
      } catch (err) {
        onProblem(err);
        return;
      } finally {
        setIsLoading(false);
      }
    }
    setIsShown(true);
  };

  const phone = isShown && revealed?.phone ? revealed.phone : person.phoneMasked;
  const idNumber = isShown && revealed?.idNumber ? revealed.idNumber : person.idNumberMasked;
  return (
    <Flex align="center" gap={4} style={{ whiteSpace: "nowrap" }}>
      <div style={{ fontVariantNumeric: "tabular-nums" }}>
        <div data-testid={`person-phone-${testKey}`}>{phone ?? "—"}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`person-id-number-${testKey}`}>
          {idNumber ?? "—"}
        </Typography.Text>
      </div>
      {canReveal ? (
        <Tooltip title={t("people.reveal")}>
          <Button
            type="text"
            size="small"
            loading={isLoading}
            icon={isShown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
            onClick={() => void toggle()}
            aria-label={t("people.reveal")}
            data-testid={`person-reveal-${testKey}`}
          />
        </Tooltip>
      ) : null}
    </Flex>
  );
}
