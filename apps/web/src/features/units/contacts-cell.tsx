import type { TUnit } from "@caihong/contracts";
import { Flex, Tooltip, Typography } from "antd";
import { revealUnitContacts } from "../../api/units.api";
import { RevealButton } from "../../components/reveal-button";
import { useReveal } from "../../components/use-reveal";
import { useI18n } from "../../i18n/i18n";

/** A unit's contacts (name with title on hover, masked phone), with one eye button revealing every phone (audited). */
export function ContactsCell({ unit, canReveal }: { unit: TUnit; canReveal: boolean }) {
  const { t } = useI18n();
  const reveal = useReveal(async () => new Map((await revealUnitContacts(unit.id)).contacts.map((contact) => [contact.id, contact.phone])));

  if (unit.contacts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const hasPhone = unit.contacts.some((contact) => contact.phoneMasked);

  return (
    <Flex align="center" gap={4}>
      <div>
        {unit.contacts.map((contact, index) => {
          const phone = reveal.shown?.get(contact.id) ?? contact.phoneMasked;
          return (
            <div key={contact.id} style={{ whiteSpace: "nowrap" }}>
              {contact.title ? (
                <Tooltip title={contact.title}>
                  <span>{contact.name}</span>
                </Tooltip>
              ) : (
                contact.name
              )}{" "}
              <span style={{ fontVariantNumeric: "tabular-nums" }} data-testid={`unit-phone-${unit.name}-${index}`}>
                {phone ?? ""}
              </span>
            </div>
          );
        })}
      </div>
      {canReveal && hasPhone ? (
        <RevealButton reveal={reveal} title={t("units.reveal")} testId={`unit-reveal-${unit.name}`} />
      ) : null}
    </Flex>
  );
}
