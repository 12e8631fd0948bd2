import type { TGridNode, TPartyOrgKind } from "@caihong/contracts";
import { LIMITS, PARTY_ORG_KIND_LABELS, PARTY_ORG_KINDS, expectedOrgKind, formatMessage } from "@caihong/contracts/constants";
import { DatePicker, Form, Input, Modal, Select, Spin } from "antd";
import { useEffect } from "react";
import { isApiError } from "../../api/client";
import { useRequest } from "../../api/hooks";
import { createPartyOrg, getPartyOrg, updatePartyOrg, type TPartyOrgDetail } from "../../api/party.api";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { PhoneItem } from "../../components/phone-item";
import { LoadError } from "../../components/status-pages";
import { FormModal } from "../../components/form-modal";
import { useFormSave } from "../../components/use-form-save";
import { useI18n } from "../../i18n/i18n";
import { dateStringItemProps, isAfterToday } from "../people/date-field";

interface PartyOrgFormValues {
  gridId?: string | null;
  name: string;
  kind?: TPartyOrgKind;
  contactPhone?: string;
  foundedOn?: string | null;
  note?: string;
}

function toFormValues(org: TPartyOrgDetail): PartyOrgFormValues {
  return { gridId: org.gridId, name: org.name, kind: org.kind, contactPhone: "", foundedOn: org.foundedOn, note: org.note ?? "" };
}

interface PartyOrgFormModalProps {
  /** The organisation to edit (its detail is read fresh), or null to create one. */
  orgId: string | null;
  grids: readonly TGridNode[];
  onClose: () => void;
  onSaved: (org: TPartyOrgDetail, isNew: boolean) => void;
}

/** Create or edit a party organisation: its grid (one per grid), name, kind, contact. Mount it to open it. */
export function PartyOrgFormModal({ orgId, grids, onClose, onSaved }: PartyOrgFormModalProps) {
  const isNew = orgId === null;
  const loaded = useRequest(() => getPartyOrg(orgId ?? ""), [orgId], !isNew);
  const { t } = useI18n();
  const title = isNew ? t("party.form.createTitle") : t("party.form.editTitle", { name: loaded.data?.name ?? "" });

  if (!isNew && !loaded.data) {
    return (
      <Modal open title={title} onCancel={onClose} footer={null}>
        {loaded.error ? <LoadError onRetry={loaded.reload} /> : <Spin style={{ display: "block", margin: "32px auto" }} />}
      </Modal>
    );
  }
  return <PartyOrgForm org={loaded.data ?? null} grids={grids} title={title} onClose={onClose} onSaved={onSaved} />;
}

interface PartyOrgFormProps {
  org: TPartyOrgDetail | null;
  grids: readonly TGridNode[];
  title: string;
  onClose: () => void;
  onSaved: (org: TPartyOrgDetail, isNew: boolean) => void;
}

function PartyOrgForm({ org, grids, title, onClose, onSaved }: PartyOrgFormProps) {
  const { t, label, locale } = useI18n();
  const [form] = Form.useForm<PartyOrgFormValues>();
  const { current, isSaving, save } = useFormSave(form, { record: org, reread: getPartyOrg, toValues: toFormValues });
  const isNew = org === null;

  const gridId = Form.useWatch("gridId", form);
  const grid = grids.find((node) => node.id === gridId);
  const expected = grid ? expectedOrgKind(grid.level, grid.type) : null;

  // The grid's level (and, for autonomous grids, its type) decides the kind: one kind per level.
  useEffect(() => {
    if (expected) form.setFieldValue("kind", expected);
  }, [expected, form]);

  const submit = (values: PartyOrgFormValues) => {
    const contactPhone = values.contactPhone?.trim() || undefined;
    const note = values.note?.trim() || null;
    return save(
      async (current) => {
        let saved: TPartyOrgDetail;
        if (!current) {
          saved = await createPartyOrg({
            gridId: values.gridId ?? "",
            name: values.name,
            kind: values.kind ?? "responsibility_zone",
            contactPhone: contactPhone ?? null,
            foundedOn: values.foundedOn ?? null,
            note,
          });
        } else {
          saved = await updatePartyOrg(current.id, {
            version: current.version,
            name: values.name,
            kind: values.kind,
            foundedOn: values.foundedOn ?? null,
            note,
            ...(values.gridId && values.gridId !== current.gridId ? { gridId: values.gridId } : {}),
            ...(contactPhone ? { contactPhone } : {}),
          });
        }
        onSaved(saved, isNew);
      },
      (err) => {
        if (!isApiError(err, "ALREADY_EXISTS") || err.problem.errors?.length) return false;
        // One organisation per grid: the clash belongs on the grid field.
        form.setFields([{ name: "gridId", errors: [err.problem.detail || formatMessage("field.gridHasOrg", locale)] }]);
        return true;
      },
    );
  };

  return (
    <FormModal
      form={form}
      width={600}
      title={title}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={org ? toFormValues(org) : {}}
      testId="party-org-form"
    >
      <Form.Item
        name="gridId"
        label={t("party.form.grid")}
        extra={isNew ? t("party.form.gridHint") : t("party.form.gridMoveHint")}
        rules={[{ required: true, message: t("party.form.gridRequired") }]}
      >
        <GridTreeSelect grids={grids} allowClear={false} data-testid="party-org-form-grid" />
      </Form.Item>
      <Form.Item name="name" label={t("party.form.name")} rules={[{ required: true, whitespace: true, max: LIMITS.partyOrgName.max }]}>
        <Input maxLength={LIMITS.partyOrgName.max} data-testid="party-org-form-name" />
      </Form.Item>
      <Form.Item name="kind" label={t("party.form.kind")} extra={t("party.form.kindHint")} rules={[{ required: true, message: t("party.form.kindRequired") }]}>
        <Select<TPartyOrgKind>
          options={PARTY_ORG_KINDS.map((value) => ({ value, label: label(PARTY_ORG_KIND_LABELS[value]), disabled: Boolean(expected) && value !== expected }))}
          data-testid="party-org-form-kind"
        />
      </Form.Item>
      <PhoneItem
        name="contactPhone"
        label={t("party.form.contactPhone")}
        extra={current?.contactPhoneMasked ? t("party.form.phoneKeep", { phone: current.contactPhoneMasked }) : undefined}
        testId="party-org-form-phone"
      />
      <Form.Item name="foundedOn" label={t("party.form.foundedOn")} {...dateStringItemProps}>
        <DatePicker disabledDate={isAfterToday} style={{ width: "100%" }} data-testid="party-org-form-founded" />
      </Form.Item>
      <Form.Item name="note" label={t("party.form.note")} rules={[{ max: LIMITS.note.max }]}>
        <Input.TextArea rows={3} maxLength={LIMITS.note.max} showCount data-testid="party-org-form-note" />
      </Form.Item>
    </FormModal>
  );
}
