import type { TPerson } from "@caihong/contracts";
import { Flex, Typography } from "antd";
import { revealPersonData } from "../../api/people.api";
import { RevealButton } from "../../components/reveal-button";
import { useReveal } from "../../components/use-reveal";
import { useI18n } from "../../i18n/i18n";

/**
 * Masked phone over masked ID number, with one eye button revealing both (one audited read).
 * `testKey` names the test ids (`person-phone-<key>`, `person-id-number-<key>`, `person-reveal-<key>`).
 */
export function PersonalDataCell({ person, canReveal, testKey }: { person: TPerson; canReveal: boolean; testKey: string }) {
  const { t } = useI18n();
  const reveal = useReveal(() => revealPersonData(person.id));

  if (!person.phoneMasked && !person.idNumberMasked) return <Typography.Text type="secondary">—</Typography.Text>;

  const phone = reveal.shown?.phone ?? person.phoneMasked;
  const idNumber = reveal.shown?.idNumber ?? person.idNumberMasked;
  return (
    <Flex align="center" gap={4} style={{ whiteSpace: "nowrap" }}>
      <div style={{ fontVariantNumeric: "tabular-nums" }}>
        <div data-testid={`person-phone-${testKey}`}>{phone ?? "—"}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`person-id-number-${testKey}`}>
          {idNumber ?? "—"}
        </Typography.Text>
      </div>
      {canReveal ? <RevealButton reveal={reveal} title={t("people.reveal")} testId={`person-reveal-${testKey}`} /> : null}
    </Flex>
  );
}
