import { Flex, Layout, theme } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { Brand } from "../../../components/brand";
import { LanguageSwitch } from "../../../components/language-switch";

/** The frame of the pages anyone may open without an account: brand, language, one column. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header
        style={{
          position: "sticky",
          top: 0,
          zIndex: 10,
          height: 52,
          lineHeight: "52px",
          paddingInline: 12,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <Flex align="center" justify="space-between" style={{ maxWidth: 640, margin: "0 auto", height: "100%" }}>
          <Link to="/" style={{ display: "flex" }}>
            <Brand />
          </Link>
          <LanguageSwitch />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        <div style={{ maxWidth: 640, margin: "0 auto" }}>{children}</div>
      </Layout.Content>
    </Layout>
  );
}
