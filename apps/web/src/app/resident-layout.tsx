import { Flex, Layout, theme } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { Brand } from "../components/brand";
import { UserMenu } from "./user-menu";

/**
 * Mobile-first shell for residents: a slim header and a single centered column. `headerEnd`
 * replaces the user menu (the public pages show the language switch instead).
 */
export function ResidentLayout({ children, headerEnd }: { children: ReactNode; headerEnd?: ReactNode }) {
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
          {headerEnd ?? <UserMenu isCompact />}
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        <div style={{ maxWidth: 640, margin: "0 auto" }}>{children}</div>
      </Layout.Content>
    </Layout>
  );
}
