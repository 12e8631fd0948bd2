import type { TMembership, TMembershipRole, TPartyOrgKind } from "@caihong/contracts";
import { MEMBERSHIP_ROLE_LABELS, MEMBERSHIP_ROLES } from "@caihong/contracts/constants";
import { DatePicker, Form, Select } from "antd";
import { addMembership } from "../../api/party.api";
import { FormModal } from "../../components/form-modal";
import { useFormSave } from "../../components/use-form-save";
import { useI18n } from "../../i18n/i18n";
import { dateStringItemProps, isAfterToday, todayInShanghai } from "../people/date-field";
import { PersonSelect } from "../people/person-select";

/** Only party members can join an organisation. */
const MEMBERS_ONLY = { isPartyMember: "true" } as const;

interface MembershipFormValues {
  personId?: string | null;
  role: TMembershipRole;
  fromDate: string;
}

interface AddMembershipModalProps {
  orgId: string;
  orgName: string;
  orgKind: TPartyOrgKind;
  onClose: () => void;
  onAdded: (membership: TMembership) => void;
}

/** Adds a person to an organisation with a role from a date. Mount it to open it. */
export function AddMembershipModal({ orgId, orgName, orgKind, onClose, onAdded }: AddMembershipModalProps) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<MembershipFormValues>();
  const { isSaving, save } = useFormSave(form);

  const submit = (values: MembershipFormValues) =>
    save(async () => onAdded(await addMembership(orgId, { personId: values.personId ?? "", role: values.role, fromDate: values.fromDate })));

  return (
    <FormModal
      form={form}
      title={t("party.members.addTitle", { name: orgName })}
      okText={t("party.members.add")}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      // A responsibility zone is about its responsible members; elsewhere most people are plain members.
      initialValues={{ role: orgKind === "responsibility_zone" ? "responsible" : "member", fromDate: todayInShanghai() }}
      testId="membership-form"
    >
      <Form.Item name="personId" label={t("party.members.person")} extra={t("party.members.personHint")} rules={[{ required: true, message: t("party.members.personRequired") }]}>
        <PersonSelect filters={MEMBERS_ONLY} data-testid="membership-form-person" />
      </Form.Item>
      <Form.Item name="role" label={t("party.members.role")} rules={[{ required: true }]}>
        <Select<TMembershipRole>
          options={MEMBERSHIP_ROLES.map((value) => ({ value, label: label(MEMBERSHIP_ROLE_LABELS[value]) }))}
          data-testid="membership-form-role"
        />
      </Form.Item>
      <Form.Item name="fromDate" label={t("party.members.fromDate")} {...dateStringItemProps} rules={[{ required: true, message: t("party.members.fromDateRequired") }]}>
        <DatePicker disabledDate={isAfterToday} style={{ width: "100%" }} data-testid="membership-form-from" />
      </Form.Item>
    </FormModal>
  );
}
