import type { TGridDetail } from "@caihong/contracts";
import { GRID_TYPE_LABELS, GRID_TYPES_BY_LEVEL, LIMITS, formatMessage, type TGridType } from "@caihong/contracts/constants";
import { isGridLevel } from "@caihong/domain/grids";
import { Alert, App, Checkbox, Form, Input, Modal, Select, Skeleton } from "antd";
import { useEffect, useState } from "react";
import { isApiError } from "../../api/client";
import { getGrid, updateGrid } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

interface GridFormValues {
  name: string;
  type: TGridType;
  contactName?: string;
  contactPhone?: string;
  clearPhone?: boolean;
}

// Mobile, or a landline such as 021-12345678 (what the contract accepts).
const CONTACT_PHONE = new RegExp(`${LIMITS.phone.pattern.source}|${LIMITS.gridContactPhone.landlinePattern.source}`);

function toFormValues(grid: TGridDetail): GridFormValues {
  return { name: grid.name, type: grid.type, contactName: grid.contactName ?? "", contactPhone: "", clearPhone: false };
}

interface GridEditModalProps {
  gridId: string;
  onClose: () => void;
  onSaved: (grid: TGridDetail) => void;
}

/** Edits a grid's attributes (boundaries change only by import). Mount it to open it. */
export function GridEditModal({ gridId, onClose, onSaved }: GridEditModalProps) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<GridFormValues>();
  const state = useRequest(() => getGrid(gridId), [gridId]);
  const grid = state.loading ? null : (state.data ?? null);
  const [isSaving, setIsSaving] = useState(false);

  // Fill the form whenever a (fresh) record arrives: on open and after a conflict.
  useEffect(() => {
    if (!state.data) return;
    form.resetFields();
    form.setFieldsValue(toFormValues(state.data));
  }, [state.data, form]);

  const submit = async (values: GridFormValues) => {
    if (!grid) return;
    setIsSaving(true);
    try {
      const phone = values.contactPhone?.trim();
      const saved = await updateGrid(grid.id, {
        version: grid.version,
        name: values.name,
        type: values.type,
        contactName: values.contactName?.trim() ? values.contactName.trim() : null,
        ...(phone ? { contactPhone: phone } : values.clearPhone ? { contactPhone: null } : {}),
      });
      onSaved(saved);
    } catch (err) {
      if (isApiError(err, "VERSION_CONFLICT")) {
        void message.warning(t("error.conflictReloaded"), 6);
        state.reload();
      } else onProblem(err, form);
    } finally {
      setIsSaving(false);
    }
  };

  const types = grid ? ((isGridLevel(grid.level) ? GRID_TYPES_BY_LEVEL[grid.level] : undefined) ?? [grid.type]) : [];
  return (
    <Modal
      open
      title={grid ? t("grids.edit.title", { name: grid.name }) : t("grids.edit.loading")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={isSaving}
      okButtonProps={{ disabled: !grid, ...testId("grid-edit-submit") }}
      cancelButtonProps={testId("grid-edit-cancel")}
      destroyOnHidden
    >
      {state.error ? (
        <Alert type="error" showIcon title={t("error.loadFailed")} description={isApiError(state.error) ? state.error.problem.detail : undefined} />
      ) : grid ? null : (
        <Skeleton active />
      )}
      <Form<GridFormValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="grid-edit-form" hidden={!grid}>
        <Form.Item label={t("grids.col.code")} htmlFor="grid-edit-code">
          <Input id="grid-edit-code" value={grid?.code} disabled />
        </Form.Item>
        <Form.Item name="name" label={t("grids.edit.name")} rules={[{ required: true, whitespace: true, max: LIMITS.gridName.max }]}>
          <Input maxLength={LIMITS.gridName.max} data-testid="grid-edit-name" />
        </Form.Item>
        <Form.Item name="type" label={t("grids.edit.type")} rules={[{ required: true }]}>
          <Select<TGridType> options={types.map((value) => ({ value, label: label(GRID_TYPE_LABELS[value]) }))} data-testid="grid-edit-type" />
        </Form.Item>
        <Form.Item name="contactName" label={t("grids.edit.contactName")} rules={[{ max: LIMITS.gridContactName.max }]}>
          <Input maxLength={LIMITS.gridContactName.max} data-testid="grid-edit-contact-name" />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t("grids.edit.contactPhone")}
          extra={grid?.contactPhoneMasked ? t("grids.edit.phoneKeep", { phone: grid.contactPhoneMasked }) : undefined}
          rules={[{ pattern: CONTACT_PHONE, message: formatMessage("phone.invalid", locale) }]}
        >
          <Input type="tel" maxLength={LIMITS.gridContactPhone.max} autoComplete="off" data-testid="grid-edit-contact-phone" />
        </Form.Item>
        {grid?.contactPhoneMasked ? (
          <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -8 }}>
            <Checkbox data-testid="grid-edit-clear-phone">{t("grids.edit.clearPhone")}</Checkbox>
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
