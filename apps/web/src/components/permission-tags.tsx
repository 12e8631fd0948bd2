import type { TPermission } from "@caihong/contracts";
import { PERMISSION_LABELS } from "@caihong/contracts/constants";
import { Space, Tag, Typography } from "antd";
import { useI18n } from "../i18n/i18n";

/** Permissions as tags labelled in the current language. */
export function PermissionTags({ permissions }: { permissions: readonly TPermission[] }) {
  const { t, label } = useI18n();
  if (permissions.length === 0) return <Typography.Text type="secondary">{t("roles.noPermissions")}</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {permissions.map((permission) => (
        <Tag key={permission} title={permission} style={{ marginInlineEnd: 4 }}>
          {PERMISSION_LABELS[permission] ? label(PERMISSION_LABELS[permission]) : permission}
        </Tag>
      ))}
    </Space>
  );
}
