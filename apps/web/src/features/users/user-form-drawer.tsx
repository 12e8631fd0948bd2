import type { TGridNode, TRole, TRoleAssignmentInput, TScopeKind, TUser } from "@caihong/contracts";
import { LIMITS, formatMessage } from "@caihong/contracts/constants";
import { Alert, Form, Input, Space } from "antd";
import { createUser, getUser, updateUser } from "../../api/users.api";
import { FormDrawer } from "../../components/form-drawer";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { NewPasswordItem } from "../../components/password-items";
import { PhoneItem } from "../../components/phone-item";
import { RoleScopeTag } from "../../components/role-scope-tag";
import { useFormSave } from "../../components/use-form-save";
import { useI18n } from "../../i18n/i18n";
import { RoleAssignmentsField, scopeNeedsGrid } from "./role-assignments-field";

interface AssignmentValues {
  roleId?: string;
  scope?: TScopeKind;
  gridId?: string | null;
}

interface UserFormValues {
  username?: string;
  displayName: string;
  phone?: string;
  password?: string;
  gridId?: string | null;
  roles?: AssignmentValues[];
}

/** Drops the grid of scopes that take none, as the contract requires. */
function toAssignments(rows: AssignmentValues[] | undefined): TRoleAssignmentInput[] {
  return (rows ?? []).map((row) => ({
    roleId: row.roleId ?? "",
    scope: row.scope ?? "all",
    gridId: scopeNeedsGrid(row.scope) ? (row.gridId ?? null) : null,
  }));
}

function toFormValues(user: TUser): UserFormValues {
  return {
    displayName: user.displayName,
    phone: "",
    gridId: user.gridId,
    roles: user.roles.map((role) => ({ roleId: role.roleId, scope: role.scope, gridId: role.gridId })),
  };
}

interface UserFormDrawerProps {
  /** The user being edited, or null to create one. */
  user: TUser | null;
  roles: readonly TRole[];
  /** False when the editor may not read roles: assignments are then shown but not sent. */
  canAssignRoles: boolean;
  grids: readonly TGridNode[];
  onClose: () => void;
  onSaved: (user: TUser, isNew: boolean) => void;
}

/** Create or edit a staff account: identity, home grid and role assignments. Mount it to open it. */
export function UserFormDrawer({ user, roles, canAssignRoles, grids, onClose, onSaved }: UserFormDrawerProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<UserFormValues>();
  const { current, isSaving, save } = useFormSave(form, { record: user, reread: getUser, toValues: toFormValues });
  const isNew = user === null;

  const submit = (values: UserFormValues) =>
    save(async (current) => {
      const phone = values.phone?.trim() || undefined;
      let saved: TUser;
      if (!current) {
        saved = await createUser({
          username: values.username ?? "",
          displayName: values.displayName,
          phone: phone ?? null,
          password: values.password ?? "",
          gridId: values.gridId ?? null,
          roles: toAssignments(values.roles),
        });
      } else {
        saved = await updateUser(current.id, {
          version: current.version,
          displayName: values.displayName,
          gridId: values.gridId ?? null,
          ...(phone ? { phone } : {}),
          ...(canAssignRoles ? { roles: toAssignments(values.roles) } : {}),
        });
      }
      onSaved(saved, isNew);
    });

  return (
    <FormDrawer
      title={isNew ? t("users.form.createTitle") : t("users.form.editTitle", { name: user.displayName })}
      width={600}
      form={form}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={user ? toFormValues(user) : { roles: [] }}
      testIdPrefix="user-form"
    >
      {isNew ? (
        <Form.Item
          name="username"
          label={t("users.form.username")}
          extra={t("users.form.usernameHint")}
          normalize={(value: string) => value.toLowerCase()}
          rules={[
            { required: true, whitespace: true, min: LIMITS.username.min, max: LIMITS.username.max },
            { pattern: LIMITS.username.pattern, message: formatMessage("username.pattern", locale) },
          ]}
        >
          <Input autoComplete="off" data-testid="user-form-username" />
        </Form.Item>
      ) : (
        <Form.Item label={t("users.form.username")}>
          <Input value={user.username} disabled />
        </Form.Item>
      )}
      <Form.Item
        name="displayName"
        label={t("users.form.displayName")}
        rules={[{ required: true, whitespace: true, min: LIMITS.displayName.min, max: LIMITS.displayName.max }]}
      >
        <Input data-testid="user-form-display-name" />
      </Form.Item>
      <PhoneItem label={t("users.form.phone")} extra={!isNew && user.phoneMasked ? t("users.form.phoneKeep", { phone: user.phoneMasked }) : undefined} testId="user-form-phone" />
      {isNew ? (
        <NewPasswordItem name="password" label={t("users.form.password")} hint={t("users.form.passwordHint", { min: LIMITS.password.min })} testId="user-form-password" />
      ) : null}
      <Form.Item name="gridId" label={t("users.form.grid")}>
        <GridTreeSelect grids={grids} data-testid="user-form-grid" />
      </Form.Item>
      <Form.Item label={t("users.form.roles")} required={false}>
        {canAssignRoles ? (
          <RoleAssignmentsField roles={roles} grids={grids} />
        ) : (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Space size={[0, 4]} wrap>
              {(current?.roles ?? []).map((role) => (
                <RoleScopeTag key={`${role.roleId}-${role.scope}-${role.gridId ?? ""}`} roleName={role.roleName} scope={role.scope} gridName={role.gridName} />
              ))}
            </Space>
            <Alert type="info" showIcon title={t("users.form.rolesUnavailable")} />
          </Space>
        )}
      </Form.Item>
    </FormDrawer>
  );
}
