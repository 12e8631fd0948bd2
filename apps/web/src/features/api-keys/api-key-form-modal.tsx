import type { TGridNode, TPermission, TScopeKind } from "@caihong/contracts";
import { LIMITS, SCOPE_LABELS } from "@caihong/contracts/constants";
import { DatePicker, Form, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { createApiKey } from "../../api/api-keys.api";
import type { TCreatedApiKey } from "../../api/types";
import { useCurrentUser } from "../../app/session";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { FormModal } from "../../components/form-modal";
import { useFormSave } from "../../components/use-form-save";
import { useI18n } from "../../i18n/i18n";
import { PermissionCheckboxes } from "../../components/permission-checkboxes";

/** API keys act for machines: they may hold the whole tenant, a subtree or one grid, never "own". */
const KEY_SCOPES = ["all", "subtree", "grid"] as const satisfies readonly TScopeKind[];

interface ApiKeyFormValues {
  name: string;
  permissions: TPermission[];
  scope: (typeof KEY_SCOPES)[number];
  gridId?: string | null;
  expiresAt?: Dayjs | null;
}

interface ApiKeyFormModalProps {
  grids: readonly TGridNode[];
  onClose: () => void;
  onCreated: (key: TCreatedApiKey) => void;
}

/** Create an API key with a subset of the creator's permissions. Mount it to open it. */
export function ApiKeyFormModal({ grids, onClose, onCreated }: ApiKeyFormModalProps) {
  const user = useCurrentUser();
  const { t, label } = useI18n();
  const [form] = Form.useForm<ApiKeyFormValues>();
  const scope = Form.useWatch("scope", form);
  const needsGrid = scope === "subtree" || scope === "grid";
  const { isSaving, save } = useFormSave(form);

  const submit = (values: ApiKeyFormValues) =>
    save(async () => {
      onCreated(
        await createApiKey({
          name: values.name,
          permissions: values.permissions,
          scope: values.scope,
          gridId: needsGrid ? (values.gridId ?? null) : null,
          expiresAt: values.expiresAt ? values.expiresAt.toISOString() : null,
        }),
      );
    });

  return (
    <FormModal
      form={form}
      width={640}
      title={t("apiKeys.form.title")}
      okText={t("common.create")}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={{ scope: "all", permissions: [] }}
      testId="apikey-form"
    >
      <Form.Item name="name" label={t("apiKeys.form.name")} rules={[{ required: true, whitespace: true, min: LIMITS.apiKeyName.min, max: LIMITS.apiKeyName.max }]}>
        <Input placeholder={t("apiKeys.form.namePlaceholder")} data-testid="apikey-form-name" />
      </Form.Item>
      <Form.Item name="permissions" label={t("apiKeys.form.permissions")} extra={t("apiKeys.form.permissionsHint")} rules={[{ required: true, type: "array", min: 1 }]}>
        <PermissionCheckboxes available={user.permissions} testIdPrefix="apikey-form-permission" />
      </Form.Item>
      <Form.Item name="scope" label={t("apiKeys.form.scope")} rules={[{ required: true }]}>
        <Select options={KEY_SCOPES.map((value) => ({ value, label: label(SCOPE_LABELS[value]) }))} data-testid="apikey-form-scope" />
      </Form.Item>
      {needsGrid ? (
        <Form.Item name="gridId" label={t("apiKeys.form.grid")} rules={[{ required: true }]}>
          <GridTreeSelect grids={grids} data-testid="apikey-form-grid" />
        </Form.Item>
      ) : null}
      <Form.Item name="expiresAt" label={t("apiKeys.form.expiresAt")} extra={t("apiKeys.form.expiresHint")}>
        <DatePicker
          showTime={{ format: "HH:mm" }}
          format="YYYY-MM-DD HH:mm"
          disabledDate={(day) => day.isBefore(dayjs(), "day")}
          style={{ width: "100%" }}
          data-testid="apikey-form-expires"
        />
      </Form.Item>
    </FormModal>
  );
}
