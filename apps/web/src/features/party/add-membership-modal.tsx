import type { TMembership, TMembershipRole, TPartyOrgKind } from "@caihong/contracts";
import { MEMBERSHIP_ROLE_LABELS, MEMBERSHIP_ROLES } from "@caihong/contracts/constants";
import { DatePicker, Form, Modal, Select } from "antd";
import { useState } from "react";
import { addMembership } from "../../api/party.api";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
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
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<MembershipFormValues>();
  const [isSaving, setIsSaving] = useState(false);

  const submit = async (values: MembershipFormValues) => {
    setIsSaving(true);
    try {
      onAdded(await addMembership(orgId, { personId: values.personId ?? "", role: values.role, fromDate: values.fromDate }));
    } catch (err) {
      onProblem(err, form);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t("party.members.addTitle", { name: orgName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("party.members.add")}
      confirmLoading={isSaving}
      okButtonProps={testId("membership-form-submit")}
      destroyOnHidden
    >
      <Form<MembershipFormValues>
        form={form}
        layout="vertical"
        // A responsibility zone is about its responsible members; elsewhere most people are plain members.
        initialValues={{ role: orgKind === "responsibility_zone" ? "responsible" : "member", fromDate: todayInShanghai() }}
        onFinish={(values) => void submit(values)}
        data-testid="membership-form"
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
      </Form>
    </Modal>
  );
}
