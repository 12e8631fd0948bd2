import type { TUser } from "@caihong/contracts";
import { DownOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Space, Tag, Typography, type MenuProps, type TableColumnsType } from "antd";
import { RoleScopeTag } from "../../components/role-scope-tag";
import { testId } from "../../components/test-id";
import { formatDateTime } from "../../i18n/format";
import type { I18n } from "../../i18n/i18n";
import { PhoneCell } from "./phone-cell";

export interface UserRowActions {
  /** Phones: no fixed columns, they would leave no room to scroll. */
  isNarrow: boolean;
  canWrite: boolean;
  canReveal: boolean;
  onEdit: (user: TUser) => void;
  onToggleStatus: (user: TUser) => Promise<void>;
  onResetPassword: (user: TUser) => void;
}

/** Status as a colored tag. */
export function UserStatusTag({ status, t }: { status: TUser["status"]; t: I18n["t"] }) {
  return status === "active" ? <Tag color="success">{t("users.status.active")}</Tag> : <Tag color="default">{t("users.status.disabled")}</Tag>;
}

/** Columns of the user table; the action column only for `users.write`. */
export function userColumns(t: I18n["t"], actions: UserRowActions): TableColumnsType<TUser> {
  const columns: TableColumnsType<TUser> = [
    {
      title: t("users.col.displayName"),
      dataIndex: "displayName",
      fixed: actions.isNarrow ? undefined : "left",
      width: 130,
      render: (name: string, user) => (
        <div>
          <Typography.Text strong>{name}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {user.username}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t("users.col.phone"), key: "phone", width: 140, render: (_, user) => <PhoneCell user={user} canReveal={actions.canReveal} /> },
    { title: t("users.col.grid"), dataIndex: "gridName", width: 120, render: (name: string | null) => name ?? "—" },
    {
      title: t("users.col.roles"),
      key: "roles",
      width: 230,
      render: (_, user) => (
        <Space size={[0, 2]} wrap>
          {user.roles.map((role) => (
            <RoleScopeTag key={`${role.roleId}-${role.scope}-${role.gridId ?? ""}`} roleName={role.roleName} scope={role.scope} gridName={role.gridName} />
          ))}
        </Space>
      ),
    },
    { title: t("users.col.status"), dataIndex: "status", width: 80, render: (status: TUser["status"]) => <UserStatusTag status={status} t={t} /> },
    {
      title: t("users.col.lastLogin"),
      dataIndex: "lastLoginAt",
      width: 140,
      render: (at: string | null) => (at ? formatDateTime(at) : <Typography.Text type="secondary">{t("users.neverLoggedIn")}</Typography.Text>),
    },
  ];
  if (!actions.canWrite) return columns;
  columns.push({
    title: t("common.actions"),
    key: "actions",
    fixed: actions.isNarrow ? undefined : "right",
    width: 130,
    render: (_, user) => <UserActions user={user} t={t} actions={actions} />,
  });
  return columns;
}

/** Edit inline; status and password reset behind "more" to keep the table narrow. */
function UserActions({ user, t, actions }: { user: TUser; t: I18n["t"]; actions: UserRowActions }) {
  const { modal } = App.useApp();
  const isActive = user.status === "active";
  const confirmStatus = () => {
    modal.confirm({
      title: isActive ? t("users.confirmDisable", { name: user.displayName }) : t("users.confirmEnable", { name: user.displayName }),
      okText: isActive ? t("users.disable") : t("users.enable"),
      okButtonProps: { danger: isActive, ...testId("confirm-ok") },
      onOk: () => actions.onToggleStatus(user),
    });
  };
  const items: MenuProps["items"] = [
    {
      key: "status",
      danger: isActive,
      label: <span data-testid={`user-status-${user.username}`}>{isActive ? t("users.disable") : t("users.enable")}</span>,
      onClick: confirmStatus,
    },
    {
      key: "reset",
      label: <span data-testid={`user-reset-password-${user.username}`}>{t("users.resetPassword")}</span>,
      onClick: () => actions.onResetPassword(user),
    },
  ];
  return (
    <Space size={0}>
      <Button type="link" size="small" onClick={() => actions.onEdit(user)} data-testid={`user-edit-${user.username}`}>
        {t("common.edit")}
      </Button>
      <Dropdown menu={{ items }} trigger={["click"]}>
        <Button type="link" size="small" data-testid={`user-more-${user.username}`}>
          {t("common.more")} <DownOutlined />
        </Button>
      </Dropdown>
    </Space>
  );
}
