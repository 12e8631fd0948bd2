import { PlusOutlined } from "@ant-design/icons";
import type { TPermission, TRole } from "@caihong/contracts";
import { App, Button, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { isApiError } from "../../api/client";
import { useRequest } from "../../api/hooks";
import { deleteRole, listRoles } from "../../api/roles.api";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/page-header";
import { LoadError } from "../../components/status-pages";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { PermissionTags } from "../../components/permission-tags";
import { RoleFormModal } from "./role-form-modal";

/** 角色管理: roles with their permissions; edit permissions, create and delete custom roles. */
export function RolesPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const canWrite = can("roles.write");
  const roles = useRequest(() => listRoles(), []);
  const [editing, setEditing] = useState<{ role: TRole | null } | null>(null);
  const nameOf = (role: TRole) => (locale === "en" ? role.nameEn : role.nameZh);

  const remove = async (role: TRole) => {
    try {
      await deleteRole(role.id);
      void message.success(t("roles.deleted", { name: nameOf(role) }));
      roles.reload();
    } catch (err) {
      onProblem(err);
    }
  };

  const columns: TableColumnsType<TRole> = [
    {
      title: t("roles.col.name"),
      key: "name",
      width: 180,
      render: (_, role) => (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            <Typography.Text strong>{nameOf(role)}</Typography.Text>
            {role.isSystem ? <Tag color="gold">{t("roles.system")}</Tag> : <Tag>{t("roles.custom")}</Tag>}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {role.code}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t("roles.col.permissions"), dataIndex: "permissions", width: 380, render: (permissions: TPermission[]) => <PermissionTags permissions={permissions} /> },
    { title: t("roles.col.users"), dataIndex: "userCount", width: 90, align: "right" },
    { title: t("roles.col.updatedAt"), dataIndex: "updatedAt", width: 150, render: (at: string) => formatDateTime(at) },
  ];
  if (canWrite) {
    columns.push({
      title: t("common.actions"),
      key: "actions",
      width: 130,
      render: (_, role) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing({ role })} data-testid={`role-edit-${role.code}`}>
            {t("common.edit")}
          </Button>
          {role.isSystem ? null : (
            <Popconfirm
              title={t("roles.confirmDelete", { name: nameOf(role) })}
              description={role.userCount > 0 ? t("roles.inUse", { count: role.userCount }) : undefined}
              onConfirm={() => remove(role)}
              okButtonProps={{ danger: true, ...testId("confirm-ok") }}
            >
              <Button type="link" size="small" danger data-testid={`role-delete-${role.code}`}>
                {t("common.delete")}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t("roles.title")}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ role: null })} data-testid="role-create">
              {t("roles.create")}
            </Button>
          ) : null
        }
      />
      {roles.error ? (
        <LoadError onRetry={roles.reload} detail={isApiError(roles.error) ? roles.error.problem.detail : undefined} />
      ) : (
        <Table<TRole>
          rowKey="id"
          columns={columns}
          dataSource={roles.data?.items ?? []}
          loading={roles.loading}
          pagination={false}
          scroll={{ x: "max-content" }}
          size="middle"
          onRow={(role) => testId(`role-row-${role.code}`)}
          data-testid="roles-table"
        />
      )}
      {editing ? (
        <RoleFormModal
          role={editing.role}
          onClose={() => setEditing(null)}
          onSaved={(saved, isNew) => {
            setEditing(null);
            void message.success(t(isNew ? "roles.created" : "roles.updated", { name: nameOf(saved) }));
            roles.reload();
          }}
        />
      ) : null}
    </>
  );
}
