import type { TGridNode, TStaffPost } from "@caihong/contracts";
import { SCOPE_LABELS, STAFF_POST_GRANTS, STAFF_POST_LABELS, STAFF_POSTS, SYSTEM_ROLES } from "@caihong/contracts/constants";
import { Alert, DatePicker, Form, Modal, Select } from "antd";
import { useState } from "react";
import { createStaffAssignment, type TStaffAssignment } from "../../api/people.api";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";
import { dateStringItemProps, todayInShanghai } from "./date-field";
import { PersonSelect } from "./person-select";

interface AssignPostValues {
  gridId?: string | null;
  personId?: string | null;
  post?: TStaffPost;
  fromDate: string;
}

interface AssignPostModalProps {
  grids: readonly TGridNode[];
  /** Preselected person (from the person drawer). */
  person?: { id: string; name: string } | null;
  onClose: () => void;
  onAssigned: (assignment: TStaffAssignment) => void;
}

/** Assigns a person a post on a grid from a date. Mount it to open it. */
export function AssignPostModal({ grids, person, onClose, onAssigned }: AssignPostModalProps) {
  const { t, label } = useI18n();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<AssignPostValues>();
  const [isSaving, setIsSaving] = useState(false);
  const post = Form.useWatch("post", form);
  const gridId = Form.useWatch("gridId", form);
  const gridName = grids.find((grid) => grid.id === gridId)?.name;

  const submit = async (values: AssignPostValues) => {
    setIsSaving(true);
    try {
      onAssigned(await createStaffAssignment({ gridId: values.gridId ?? "", personId: values.personId ?? "", post: values.post ?? "grid_worker", fromDate: values.fromDate }));
    } catch (err) {
      onProblem(err, form);
    } finally {
      setIsSaving(false);
    }
  };

  // What the post gives the person's linked account: STAFF_POST_GRANTS is the rule the API applies.
  const grant = post ? STAFF_POST_GRANTS[post] : null;
  const grantText = grant
    ? t("staff.assign.grant", {
        role: label(SYSTEM_ROLES[grant.role]),
        scope: label(SCOPE_LABELS[grant.scope]),
        grid: gridName ?? t("staff.assign.theGrid"),
      })
    : t("staff.assign.grantGeneric");

  return (
    <Modal
      open
      title={person ? t("staff.assign.titleFor", { name: person.name }) : t("staff.assign.title")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("staff.assign.submit")}
      confirmLoading={isSaving}
      okButtonProps={testId("assign-post-submit")}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={grantText} description={t("staff.assign.grantNote")} data-testid="assign-post-grant" />
      <Form<AssignPostValues>
        form={form}
        layout="vertical"
        initialValues={{ personId: person?.id ?? null, fromDate: todayInShanghai() }}
        onFinish={(values) => void submit(values)}
        data-testid="assign-post-form"
      >
        <Form.Item name="personId" label={t("staff.assign.person")} rules={[{ required: true, message: t("staff.assign.personRequired") }]}>
          <PersonSelect initialLabel={person?.name} disabled={Boolean(person)} data-testid="assign-post-person" />
        </Form.Item>
        <Form.Item name="post" label={t("staff.assign.post")} rules={[{ required: true, message: t("staff.assign.postRequired") }]}>
          <Select<TStaffPost> options={STAFF_POSTS.map((value) => ({ value, label: label(STAFF_POST_LABELS[value]) }))} data-testid="assign-post-post" />
        </Form.Item>
        <Form.Item name="gridId" label={t("staff.assign.grid")} rules={[{ required: true, message: t("staff.assign.gridRequired") }]}>
          <GridTreeSelect grids={grids} data-testid="assign-post-grid" />
        </Form.Item>
        <Form.Item name="fromDate" label={t("staff.assign.fromDate")} {...dateStringItemProps} rules={[{ required: true, message: t("staff.assign.fromDateRequired") }]}>
          <DatePicker style={{ width: "100%" }} data-testid="assign-post-from" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
