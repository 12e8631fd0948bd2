import { ApiOutlined, CheckOutlined, KeyOutlined, LogoutOutlined, TranslationOutlined, UserOutlined } from "@ant-design/icons";
import type { TLocale } from "@caihong/contracts";
import { LOCALES } from "@caihong/contracts/constants";
import { App, Avatar, Button, Dropdown, type MenuProps } from "antd";
import { useNavigate } from "react-router";
import { useProblemHandler } from "../components/use-problem";
import { useI18n } from "../i18n/i18n";
import { useCurrentUser, useSession } from "./session";

/** Avatar + name button opening profile, password, language, API docs and sign-out. */
export function UserMenu({ isCompact }: { isCompact: boolean }) {
  const user = useCurrentUser();
  const { can, signOut, changeLocale } = useSession();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();

  const switchLocale = (next: TLocale) => {
    changeLocale(next).catch(onProblem);
  };
  // Signing out unmounts this menu; RequireAuth then sends the browser to the sign-in page.
  const logout = async () => {
    await signOut();
    void message.success(t("nav.loggedOut"));
  };

  const items: MenuProps["items"] = [
    { key: "profile", icon: <UserOutlined />, label: <span data-testid="user-menu-profile">{t("nav.profile")}</span>, onClick: () => void navigate("/profile") },
    { key: "password", icon: <KeyOutlined />, label: <span data-testid="user-menu-password">{t("nav.changePassword")}</span>, onClick: () => void navigate("/password") },
    { type: "divider" },
    {
      type: "group",
      key: "language",
      label: (
        <span>
          <TranslationOutlined /> {t("nav.language")}
        </span>
      ),
      children: LOCALES.map((value) => ({
        key: `lang-${value}`,
        label: <span data-testid={`lang-${value}`}>{t(`lang.${value}`)}</span>,
        extra: value === locale ? <CheckOutlined /> : undefined,
        onClick: () => switchLocale(value),
      })),
    },
    ...(can("apikeys.manage")
      ? [
          { type: "divider" as const },
          {
            key: "docs",
            icon: <ApiOutlined />,
            label: (
              <a href="/docs" target="_blank" rel="noopener noreferrer" data-testid="user-menu-docs">
                {t("nav.apiDocs")}
              </a>
            ),
          },
        ]
      : []),
    { type: "divider" },
    { key: "logout", icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t("nav.logout")}</span>, onClick: () => void logout() },
  ];

  return (
    <Dropdown menu={{ items, selectable: false }} trigger={["click"]} placement="bottomRight">
      <Button type="text" data-testid="user-menu" style={{ height: 40, paddingInline: 8 }}>
        <Avatar size="small" style={{ backgroundColor: "#d4380d" }}>
          {user.displayName.slice(0, 1)}
        </Avatar>
        {isCompact ? null : <span style={{ maxWidth: 160, overflow: "hidden", textOverflow: "ellipsis" }}>{user.displayName}</span>}
      </Button>
    </Dropdown>
  );
}
