import { Flex, Layout } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { Brand } from "../components/brand";
import { StickyHeader } from "./sticky-header";
import { NotificationBell } from "./notification-bell";
import { UserMenu } from "./user-menu";

/**
 * Mobile-first shell for residents: a slim header and a single centered column. `headerEnd`
 * replaces the notification bell and the user menu (the public pages show the language switch instead).
 */
export function ResidentLayout({ children, headerEnd }: { children: ReactNode; headerEnd?: ReactNode }) {
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <StickyHeader height={52} paddingInline={12}>
        <Flex align="center" justify="space-between" style={{ maxWidth: 640, margin: "0 auto", height: "100%" }}>
          <Link to="/" style={{ display: "flex" }}>
            <Brand />
          </Link>
          {headerEnd ?? (
            <Flex align="center">
              <NotificationBell />
              <UserMenu isCompact />
            </Flex>
          )}
        </Flex>
      </StickyHeader>
      <Layout.Content style={{ padding: 12 }}>
        <div style={{ maxWidth: 640, margin: "0 auto" }}>{children}</div>
      </Layout.Content>
    </Layout>
  );
}
