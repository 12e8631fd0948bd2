import { PlusOutlined } from "@ant-design/icons";
import type { TPermission } from "@caihong/contracts";
import { App, Button, Popconfirm, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { listApiKeys, revokeApiKey } from "../../api/api-keys.api";
import { isApiError } from "../../api/client";
import { useRequest } from "../../api/hooks";
import { useGrids } from "../../api/reference";
import type { TApiKey, TCreatedApiKey } from "../../api/types";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/page-header";
import { useScopeText } from "../../components/scope-text";
import { LoadError } from "../../components/status-pages";
import { testId } from "../../components/test-id";
import { useIsNarrow } from "../../components/use-is-narrow";
import { useProblemHandler } from "../../components/use-problem";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { PermissionTags } from "../../components/permission-tags";
import { ApiKeyFormModal } from "./api-key-form-modal";
import { ApiKeySecretModal } from "./api-key-secret-modal";

type KeyStatus = "active" | "revoked" | "expired";

/** Revoked wins over expired; a key without expiry never expires. */
export function apiKeyStatus(key: TApiKey, now = Date.now()): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return "expired";
  return "active";
}

const STATUS_COLORS: Record<KeyStatus, string> = { active: "success", revoked: "default", expired: "warning" };

/** API 密钥: list, create (secret shown once) and revoke keys for integrations. */
export function ApiKeysPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const scopeText = useScopeText();
  const isNarrow = useIsNarrow();
  const keys = useRequest(() => listApiKeys(), []);
  const { grids } = useGrids(can("grids.read"));
  const [isCreating, setIsCreating] = useState(false);
  const [created, setCreated] = useState<TCreatedApiKey | null>(null);
  const gridName = (id: string | null) => (id ? (grids.find((grid) => grid.id === id)?.name ?? id.slice(0, 8)) : null);

  const revoke = async (key: TApiKey) => {
    try {
      await revokeApiKey(key.id);
      void message.success(t("apiKeys.revoked", { name: key.name }));
      keys.reload();
    } catch (err) {
      onProblem(err);
    }
  };

  const columns: TableColumnsType<TApiKey> = [
    {
      title: t("apiKeys.col.name"),
      dataIndex: "name",
      width: 190,
      render: (name: string, key) => (
        <div>
          <Typography.Text strong>{name}</Typography.Text>
          <div style={{ whiteSpace: "nowrap" }}>
            <Typography.Text code style={{ fontSize: 12 }}>
              {key.prefix}…
            </Typography.Text>{" "}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(key.createdAt)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t("apiKeys.col.permissions"), dataIndex: "permissions", width: 220, render: (permissions: TPermission[]) => <PermissionTags permissions={permissions} /> },
    { title: t("apiKeys.col.scope"), key: "scope", width: 120, render: (_, key) => scopeText(key.scope, gridName(key.gridId)) },
    {
      title: t("apiKeys.col.status"),
      key: "status",
      width: 80,
      render: (_, key) => {
        const status = apiKeyStatus(key);
        return <Tag color={STATUS_COLORS[status]}>{t(`apiKeys.status.${status}`)}</Tag>;
      },
    },
    { title: t("apiKeys.col.lastUsed"), dataIndex: "lastUsedAt", width: 140, render: (at: string | null) => (at ? formatDateTime(at) : t("apiKeys.neverUsed")) },
    { title: t("apiKeys.col.expiresAt"), dataIndex: "expiresAt", width: 140, render: (at: string | null) => (at ? formatDateTime(at) : t("apiKeys.neverExpires")) },
    {
      title: t("common.actions"),
      key: "actions",
      fixed: isNarrow ? undefined : "right",
      width: 80,
      render: (_, key) =>
        apiKeyStatus(key) === "revoked" ? null : (
          <Popconfirm title={t("apiKeys.confirmRevoke", { name: key.name })} onConfirm={() => revoke(key)} okButtonProps={{ danger: true, ...testId("confirm-ok") }}>
            <Button type="link" size="small" danger data-testid={`apikey-revoke-${key.prefix}`}>
              {t("apiKeys.revoke")}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("apiKeys.title")}
        description={t("apiKeys.intro")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)} data-testid="apikey-create">
            {t("apiKeys.create")}
          </Button>
        }
      />
      {keys.error ? (
        <LoadError onRetry={keys.reload} detail={isApiError(keys.error) ? keys.error.problem.detail : undefined} />
      ) : (
        <Table<TApiKey>
          rowKey="id"
          columns={columns}
          dataSource={keys.data?.items ?? []}
          loading={keys.loading}
          pagination={false}
          scroll={{ x: "max-content" }}
          size="middle"
          locale={{ emptyText: t("apiKeys.empty") }}
          onRow={(key) => testId(`apikey-row-${key.prefix}`)}
          data-testid="apikeys-table"
        />
      )}
      {isCreating ? (
        <ApiKeyFormModal
          grids={grids}
          onClose={() => setIsCreating(false)}
          onCreated={(key) => {
            setIsCreating(false);
            setCreated(key);
            keys.reload();
          }}
        />
      ) : null}
      {created ? <ApiKeySecretModal apiKey={created} onClose={() => setCreated(null)} /> : null}
    </>
  );
}
