import { Card, Flex } from "antd";
import type { ReactNode } from "react";
import { Brand } from "../../components/brand";
import { LanguageSwitch } from "../../components/language-switch";
import { useI18n } from "../../i18n/i18n";

/** The frame of the pages shown outside the app shell: brand, language switch, one card. */
export function AuthFrame({ children, width = 400 }: { children: ReactNode; width?: number }) {
  const { t } = useI18n();
  return (
    <Flex
      vertical
      align="center"
      style={{
        minHeight: "100vh",
        padding: "16px 12px 32px",
        boxSizing: "border-box",
        background: "linear-gradient(160deg, #fff1e6 0%, #f5f6f8 45%, #eef4ff 100%)",
      }}
    >
      <Flex justify="flex-end" style={{ width: "100%", maxWidth: width }}>
        <LanguageSwitch />
      </Flex>
      <div style={{ margin: "max(24px, 6vh) 0 24px" }}>
        <Brand size="large" subtitle={t("app.slogan")} />
      </div>
      <Card style={{ width: "100%", maxWidth: width, boxShadow: "0 6px 24px rgba(0,0,0,0.06)" }}>{children}</Card>
    </Flex>
  );
}
