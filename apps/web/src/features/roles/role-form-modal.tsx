import type { TPermission, TRole } from "@caihong/contracts";
import { LIMITS, formatMessage } from "@caihong/contracts/constants";
import { Form, Input } from "antd";
import { createRole, listRoles, updateRole } from "../../api/roles.api";
import { FormModal } from "../../components/form-modal";
import { useFormSave } from "../../components/use-form-save";
import { useI18n } from "../../i18n/i18n";
import { PermissionCheckboxes } from "../../components/permission-checkboxes";

interface RoleFormValues {
  code?: string;
  nameZh: string;
  nameEn: string;
  permissions: TPermission[];
}

interface RoleFormModalProps {
  /** The role being edited, or null to create one. */
  role: TRole | null;
  onClose: () => void;
  onSaved: (role: TRole, isNew: boolean) => void;
}

function toValues(role: TRole): RoleFormValues {
  return { nameZh: role.nameZh, nameEn: role.nameEn, permissions: role.permissions };
}

/** Create a custom role, or edit a role's names and permissions. Mount it to open it. */
export function RoleFormModal({ role, onClose, onSaved }: RoleFormModalProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<RoleFormValues>();
  const { isSaving, save } = useFormSave(form, {
    record: role,
    // Roles are read as one list; a role deleted meanwhile closes the dialog.
    reread: async (id) => {
      const fresh = (await listRoles()).items.find((item) => item.id === id);
      if (!fresh) onClose();
      return fresh;
    },
    toValues,
  });
  const isNew = role === null;
  const nameRules = [{ required: true, whitespace: true, min: LIMITS.roleName.min, max: LIMITS.roleName.max }];

  const submit = (values: RoleFormValues) =>
    save(async (current) => {
      const saved = current
        ? await updateRole(current.id, { version: current.version, nameZh: values.nameZh, nameEn: values.nameEn, permissions: values.permissions })
        : await createRole({ code: values.code ?? "", nameZh: values.nameZh, nameEn: values.nameEn, permissions: values.permissions });
      onSaved(saved, isNew);
    });

  const name = role ? (locale === "en" ? role.nameEn : role.nameZh) : "";
  return (
    <FormModal
      form={form}
      width={640}
      title={isNew ? t("roles.form.createTitle") : t("roles.form.editTitle", { name })}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={role ? toValues(role) : { permissions: [] }}
      testId="role-form"
    >
      {isNew ? (
        <Form.Item
          name="code"
          label={t("roles.form.code")}
          extra={t("roles.form.codeHint")}
          rules={[
            { required: true, min: LIMITS.roleCode.min, max: LIMITS.roleCode.max },
            { pattern: LIMITS.roleCode.pattern, message: formatMessage("roleCode.pattern", locale) },
          ]}
        >
          <Input autoComplete="off" data-testid="role-form-code" />
        </Form.Item>
      ) : (
        <Form.Item label={t("roles.form.code")}>
          <Input value={role.code} disabled />
        </Form.Item>
      )}
      <Form.Item name="nameZh" label={t("roles.form.nameZh")} rules={nameRules}>
        <Input data-testid="role-form-name-zh" />
      </Form.Item>
      <Form.Item name="nameEn" label={t("roles.form.nameEn")} rules={nameRules}>
        <Input data-testid="role-form-name-en" />
      </Form.Item>
      <Form.Item name="permissions" label={t("roles.form.permissions")}>
        <PermissionCheckboxes testIdPrefix="role-form-permission" />
      </Form.Item>
    </FormModal>
  );
}
