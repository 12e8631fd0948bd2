import { RightOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Card, Col, Empty, Flex, Row, Space, Typography, theme } from "antd";
import { Link } from "react-router";
import { visibleNav, type NavItem } from "../../app/nav";
import { useReferenceDate } from "../../app/reference-date";
import { useCurrentUser, useSession } from "../../app/session";
import { RoleScopeTag } from "../../components/role-scope-tag";
import { useI18n, type MessageKey } from "../../i18n/i18n";
import { formatToday, shanghaiHour } from "../../i18n/format";

/** 早上好 / 下午好 / 晚上好 by the hour in Shanghai. */
export function greetingKey(hour: number): MessageKey {
  if (hour < 12) return "home.morning";
  if (hour < 18) return "home.afternoon";
  return "home.evening";
}

const PROFILE_LINK: NavItem = { path: "/profile", labelKey: "nav.profile", descriptionKey: "home.desc.profile", icon: <UserOutlined />, testId: "menu-profile" };

function QuickLink({ item }: { item: NavItem }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <Link to={item.path} data-testid={`home-link-${item.path.slice(1)}`}>
      <Card hoverable size="small" style={{ height: "100%" }}>
        <Flex align="center" gap={12}>
          <span style={{ fontSize: 22, color: token.colorPrimary }}>{item.icon}</span>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text strong>{t(item.labelKey)}</Typography.Text>
            {item.descriptionKey ? (
              <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2 }}>
                {t(item.descriptionKey)}
              </Typography.Paragraph>
            ) : null}
          </div>
          <RightOutlined style={{ color: token.colorTextTertiary }} />
        </Flex>
      </Card>
    </Link>
  );
}

/** 工作台: greeting, the user's roles with their scopes, and links to the pages they may use. */
export function StaffHome() {
  const user = useCurrentUser();
  const { can } = useSession();
  const { t, locale } = useI18n();
  const links = [...visibleNav(can).filter((item) => item.path !== "/"), PROFILE_LINK];
  const reference = useReferenceDate();

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="home-greeting">
          {t(greetingKey(shanghaiHour()), { name: user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {user.tenantName} · {t("home.today", { date: formatToday(locale) })}
        </Typography.Text>
      </div>
      {reference?.isFixed ? <Alert type="info" showIcon title={t("reference.note", { date: reference.date.format("YYYY-MM-DD") })} data-testid="home-reference-date" /> : null}
      <Card title={t("home.roles")} size="small" data-testid="home-roles">
        {user.roles.length ? (
          <Space size={[0, 4]} wrap>
            {user.roles.map((role) => (
              <RoleScopeTag key={`${role.code}-${role.scope}-${role.gridId ?? ""}`} roleName={role.name} scope={role.scope} gridName={role.gridName} />
            ))}
          </Space>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("home.noRoles")} />
        )}
      </Card>
      <Card title={t("home.quickLinks")} size="small">
        <Row gutter={[12, 12]}>
          {links.map((item) => (
            <Col key={item.path} xs={24} sm={12} xl={8}>
              <QuickLink item={item} />
            </Col>
          ))}
        </Row>
      </Card>
    </Space>
  );
}
