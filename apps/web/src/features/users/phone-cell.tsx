import type { TUser } from "@caihong/contracts";
import { Flex, Typography } from "antd";
import { revealPersonalData } from "../../api/users.api";
import { RevealButton } from "../../components/reveal-button";
import { useReveal } from "../../components/use-reveal";
import { useI18n } from "../../i18n/i18n";

/** The masked phone, with an eye button revealing the full number (an audited read). */
export function PhoneCell({ user, canReveal }: { user: TUser; canReveal: boolean }) {
  const { t } = useI18n();
  const reveal = useReveal(() => revealPersonalData(user.id));

  if (!user.phoneMasked) return <Typography.Text type="secondary">—</Typography.Text>;

  return (
    <Flex align="center" gap={4} style={{ whiteSpace: "nowrap" }}>
      <span data-testid={`phone-${user.username}`}>{reveal.shown?.phone || user.phoneMasked}</span>
      {canReveal ? <RevealButton reveal={reveal} title={t("users.reveal")} testId={`reveal-phone-${user.username}`} /> : null}
    </Flex>
  );
}
