import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from "@ant-design/icons";
import { Button, Drawer, Flex, Layout, Menu, Typography, theme } from "antd";
import { useState, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { Brand } from "../components/brand";
import { useIsNarrow } from "../components/use-is-narrow";
import { useI18n } from "../i18n/i18n";
import { selectedNavKey, visibleNav } from "./nav";
import { useCurrentUser, useSession } from "./session";
import { StickyHeader } from "./sticky-header";
import { NotificationBell } from "./notification-bell";
import { UserMenu } from "./user-menu";

const HEADER_HEIGHT = 56;

/** The side menu, filtered by the user's permissions. */
function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { can } = useSession();
  const { t } = useI18n();
  const { pathname } = useLocation();
  const items = visibleNav(can).map((item) => ({
    key: item.path,
    icon: item.icon,
    label: (
      <Link to={item.path} data-testid={item.testId} onClick={onNavigate}>
        {t(item.labelKey)}
      </Link>
    ),
  }));
  return <Menu mode="inline" selectedKeys={[selectedNavKey(pathname)]} items={items} style={{ borderInlineEnd: "none" }} />;
}

/** Staff shell: header with tenant and user menu, side menu (a drawer below 768 px), content. */
export function StaffLayout({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const { t } = useI18n();
  const isMobile = useIsNarrow();
  const [isCollapsed, setIsCollapsed] = useState(false);
  const [isDrawerOpen, setIsDrawerOpen] = useState(false);
  const { token } = theme.useToken();

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <StickyHeader height={HEADER_HEIGHT} paddingInline={isMobile ? 8 : 16}>
        <Flex align="center" justify="space-between" style={{ height: "100%" }} gap={8}>
          <Flex align="center" gap={isMobile ? 4 : 12} style={{ minWidth: 0 }}>
            {isMobile ? (
              <Button type="text" icon={<MenuOutlined />} aria-label={t("nav.menu")} onClick={() => setIsDrawerOpen(true)} data-testid="menu-toggle" />
            ) : null}
            <Link to="/" style={{ display: "flex" }}>
              <Brand />
            </Link>
            <Typography.Text
              type="secondary"
              ellipsis
              data-testid="tenant-name"
              style={{ borderInlineStart: `1px solid ${token.colorBorder}`, paddingInlineStart: isMobile ? 8 : 12, fontSize: isMobile ? 12 : 14 }}
            >
              {user.tenantName}
            </Typography.Text>
          </Flex>
          <Flex align="center" gap={isMobile ? 0 : 4}>
            <NotificationBell />
            <UserMenu isCompact={isMobile} />
          </Flex>
        </Flex>
      </StickyHeader>
      <Layout>
        {isMobile ? (
          <Drawer placement="left" open={isDrawerOpen} onClose={() => setIsDrawerOpen(false)} size={240} title={<Brand />} styles={{ body: { padding: 0 } }}>
            <NavMenu onNavigate={() => setIsDrawerOpen(false)} />
          </Drawer>
        ) : (
          <Layout.Sider
            width={208}
            collapsible
            collapsed={isCollapsed}
            onCollapse={setIsCollapsed}
            trigger={isCollapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            theme="light"
            style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}`, position: "sticky", top: HEADER_HEIGHT, height: `calc(100vh - ${HEADER_HEIGHT}px)` }}
          >
            <NavMenu />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: isMobile ? 8 : 24, minWidth: 0 }}>
          <div
            style={{
              background: token.colorBgContainer,
              borderRadius: token.borderRadiusLG,
              padding: isMobile ? 12 : 24,
              minHeight: "100%",
            }}
          >
            {children}
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
