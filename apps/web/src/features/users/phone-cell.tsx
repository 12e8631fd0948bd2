import { EyeInvisibleOutlined, EyeOutlined } from "@ant-design/icons";
import type { TUser } from "@caihong/contracts";
import { Button, Flex, Tooltip, Typography } from "antd";
import { useState } from "react";
import { revealPersonalData } from "../../api/users.api";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

/** The masked phone, with an eye button revealing the full number (an audited read). */
export function PhoneCell({ user, canReveal }: { user: TUser; canReveal: boolean }) {
  const { t } = useI18n();
  const onProblem = useProblemHandler();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [isShown, setIsShown] = useState(false);
  const [isLoading, setIsLoading] = useState(false);

  if (!user.phoneMasked) return <Typography.Text type="secondary">—</Typography.Text>;

  const toggle = async () => {
    if (isShown) {
      setIsShown(false);
      return;
    }
    if (revealed === null) {
      setIsLoading(true);
      try {
        setRevealed((await revealPersonalData(user.id)).phone ?? "");
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
    <Flex align="center" gap={4} style={{ whiteSpace: "nowrap" }}>
      <span data-testid={`phone-${user.username}`}>{isShown && revealed ? revealed : user.phoneMasked}</span>
      {canReveal ? (
        <Tooltip title={t("users.reveal")}>
          <Button
            type="text"
            size="small"
            loading={isLoading}
            icon={isShown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
            onClick={() => void toggle()}
            aria-label={t("users.reveal")}
            data-testid={`reveal-phone-${user.username}`}
          />
        </Tooltip>
      ) : null}
    </Flex>
  );
}
