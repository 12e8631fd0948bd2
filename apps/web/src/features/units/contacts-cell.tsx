import { EyeInvisibleOutlined, EyeOutlined } from "@ant-design/icons";
import type { TUnit } from "@caihong/contracts";
import { Button, Flex, Tooltip, Typography } from "antd";
import { useState } from "react";
import { revealUnitContacts } from "../../api/units.api";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

/** A unit's contacts (name with title on hover, masked phone), with one eye button revealing every phone (audited). */
export function ContactsCell({ unit, canReveal }: { unit: TUnit; canReveal: boolean }) {
  const { t } = useI18n();
  const onProblem = useProblemHandler();
  const [phones, setPhones] = useState<Map<string, string | null> | null>(null);
  const [isShown, setIsShown] = useState(false);
  const [isLoading, setIsLoading] = useState(false);

  if (unit.contacts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const hasPhone = unit.contacts.some((contact) => contact.phoneMasked);

  const toggle = async () => {
    if (isShown) {
      setIsShown(false);
      return;
    }
    if (phones === null) {
      setIsLoading(true);
      try {
        const data = await revealUnitContacts(unit.id);
        setPhones(new Map(data.contacts.map((contact) => [contact.id, contact.phone])));
      } catch (err) {
        onProblem(err);
        return;
      } finally {
        setIsLoading(false);
      }
    }
    setIsShown(true);
  };

  return (
    <Flex align="center" gap={4}>
      <div>
        {unit.contacts.map((contact, index) => {
          const phone = isShown ? (phones?.get(contact.id) ?? contact.phoneMasked) : contact.phoneMasked;
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
        <Tooltip title={t("units.reveal")}>
          <Button
            type="text"
            size="small"
            loading={isLoading}
            icon={isShown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
            onClick={() => void toggle()}
            aria-label={t("units.reveal")}
            data-testid={`unit-reveal-${unit.name}`}
          />
        </Tooltip>
      ) : null}
    </Flex>
  );
}
