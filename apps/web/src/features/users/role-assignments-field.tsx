import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { TGridNode, TRole, TScopeKind } from "@caihong/contracts";
import { SCOPE_KINDS, SCOPE_LABELS } from "@caihong/contracts/constants";
import { Button, Flex, Form, Select, Tooltip, Typography, theme } from "antd";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { useI18n } from "../../i18n/i18n";

/** Subtree and grid scopes are anchored at a grid; all and own are not. */
export function scopeNeedsGrid(scope: TScopeKind | undefined): boolean {
  return scope === "subtree" || scope === "grid";
}

interface RowProps {
  name: number;
  roles: readonly TRole[];
  grids: readonly TGridNode[];
  onRemove: () => void;
}

function RoleAssignmentRow({ name, roles, grids, onRemove }: RowProps) {
  const { t, locale, label } = useI18n();
  const { token } = theme.useToken();
  const form = Form.useFormInstance();
  const scope = Form.useWatch(["roles", name, "scope"], form) as TScopeKind | undefined;
  const needsGrid = scopeNeedsGrid(scope);

  return (
    <Flex
      wrap
      gap={8}
      align="flex-start"
      data-testid={`role-assignment-${name}`}
      style={{ padding: 8, border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadius }}
    >
      <Form.Item name={[name, "roleId"]} rules={[{ required: true, message: t("users.form.role") }]} style={{ flex: "1 1 140px", marginBottom: 0 }}>
        <Select
          placeholder={t("users.form.role")}
          aria-label={t("users.form.role")}
          options={roles.map((role) => ({ value: role.id, label: locale === "en" ? role.nameEn : role.nameZh }))}
          showSearch={{ optionFilterProp: "label" }}
          data-testid={`role-assignment-role-${name}`}
        />
      </Form.Item>
      <Form.Item name={[name, "scope"]} rules={[{ required: true, message: t("users.form.scope") }]} style={{ flex: "1 1 120px", marginBottom: 0 }}>
        <Select<TScopeKind>
          placeholder={t("users.form.scope")}
          aria-label={t("users.form.scope")}
          options={SCOPE_KINDS.map((value) => ({ value, label: label(SCOPE_LABELS[value]) }))}
          onChange={(next) => {
            if (!scopeNeedsGrid(next)) form.setFieldValue(["roles", name, "gridId"], null);
          }}
          data-testid={`role-assignment-scope-${name}`}
        />
      </Form.Item>
      {needsGrid ? (
        <Form.Item name={[name, "gridId"]} rules={[{ required: true, message: t("scope.gridPlaceholder") }]} style={{ flex: "2 1 180px", marginBottom: 0 }}>
          <GridTreeSelect grids={grids} ariaLabel={t("scope.gridPlaceholder")} data-testid={`role-assignment-grid-${name}`} />
        </Form.Item>
      ) : null}
      <Tooltip title={t("users.form.removeRole")}>
        <Button icon={<DeleteOutlined />} onClick={onRemove} aria-label={t("users.form.removeRole")} data-testid={`role-assignment-remove-${name}`} />
      </Tooltip>
    </Flex>
  );
}

interface RoleAssignmentsFieldProps {
  roles: readonly TRole[];
  grids: readonly TGridNode[];
}

/** The dynamic list of role + scope (+ grid) rows of the user form, bound to field `roles`. */
export function RoleAssignmentsField({ roles, grids }: RoleAssignmentsFieldProps) {
  const { t } = useI18n();
  return (
    <Form.List name="roles">
      {(fields, { add, remove }, { errors }) => (
        <Flex vertical gap={8}>
          {fields.length === 0 ? <Typography.Text type="secondary">{t("users.form.noRoles")}</Typography.Text> : null}
          {fields.map((field) => (
            <RoleAssignmentRow key={field.key} name={field.name} roles={roles} grids={grids} onRemove={() => remove(field.name)} />
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ scope: "all" })} data-testid="role-assignment-add">
            {t("users.form.addRole")}
          </Button>
          <Form.ErrorList errors={errors} />
        </Flex>
      )}
    </Form.List>
  );
}
