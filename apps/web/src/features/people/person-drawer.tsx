import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { GENDER_LABELS, MEMBERSHIP_ROLE_LABELS, STAFF_POST_LABELS } from "@caihong/contracts/constants";
import { Button, Card, Descriptions, Drawer, Flex, Space, Spin, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { isApiError } from "../../api/client";
import { useRequest } from "../../api/hooks";
import type { TMembership } from "@caihong/contracts";
import { getPerson, type TStaffAssignment } from "../../api/people.api";
import { useSession } from "../../app/session";
import { LoadError } from "../../components/status-pages";
import { testId } from "../../components/test-id";
import { useIsNarrow } from "../../components/use-is-narrow";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { EndPostModal } from "./end-post-modal";
import { PersonalDataCell } from "./personal-data-cell";
import { PersonTags } from "./person-tags";

interface PersonDrawerProps {
  personId: string;
  /** Bumped by the page after an edit or assignment, to read the person again. */
  refreshKey: number;
  onClose: () => void;
  onEdit: (personId: string) => void;
  onAssign: (person: { id: string; name: string }) => void;
  /** Something changed here (a post ended): the page refreshes its lists. */
  onChanged: () => void;
}

/** A person's attributes, memberships and staff posts, in a side drawer. */
export function PersonDrawer({ personId, refreshKey, onClose, onEdit, onAssign, onChanged }: PersonDrawerProps) {
  const { t, label } = useI18n();
  const { can } = useSession();
  const isNarrow = useIsNarrow();
  const detail = useRequest(() => getPerson(personId), [personId, refreshKey]);
  const [ending, setEnding] = useState<TStaffAssignment | null>(null);
  const canWrite = can("people.write");
  const person = detail.data;

  const membershipColumns: TableColumnsType<TMembership> = [
    {
      title: t("people.detail.org"),
      dataIndex: "orgName",
      render: (name: string, membership) => (can("party.read") ? <Link to={`/party-orgs/${membership.orgId}`}>{name}</Link> : name),
    },
    { title: t("party.members.col.role"), dataIndex: "role", render: (role: TMembership["role"]) => label(MEMBERSHIP_ROLE_LABELS[role]) },
    { title: t("party.members.col.from"), dataIndex: "fromDate" },
    { title: t("party.members.col.to"), dataIndex: "toDate", render: (to: string | null) => to ?? <Tag color="success">{t("party.members.current")}</Tag> },
  ];
  const assignmentColumns: TableColumnsType<TStaffAssignment> = [
    { title: t("staff.col.post"), dataIndex: "post", render: (post: TStaffAssignment["post"]) => label(STAFF_POST_LABELS[post]) },
    { title: t("staff.col.grid"), dataIndex: "gridName" },
    { title: t("staff.col.from"), dataIndex: "fromDate" },
    {
      title: t("staff.col.to"),
      dataIndex: "toDate",
      render: (to: string | null, assignment) =>
        to ?? (assignment.grantsAccess ? <Tag color="success">{t("staff.grantsAccess")}</Tag> : <Tag>{t("staff.current")}</Tag>),
    },
  ];
  if (canWrite) {
    assignmentColumns.push({
      key: "actions",
      render: (_, assignment, index) =>
        assignment.toDate === null ? (
          <Button type="link" size="small" danger onClick={() => setEnding(assignment)} data-testid={`person-post-end-${index}`}>
            {t("staff.end")}
          </Button>
        ) : null,
    });
  }

  return (
    <Drawer
      open
      onClose={onClose}
      size={isNarrow ? "100%" : 640}
      title={person ? person.name : t("people.detail.title")}
      extra={
        person && canWrite ? (
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => onAssign({ id: person.id, name: person.name })} data-testid="person-drawer-assign">
              {t("staff.assign.button")}
            </Button>
            <Button type="primary" icon={<EditOutlined />} onClick={() => onEdit(person.id)} data-testid="person-drawer-edit">
              {t("people.edit")}
            </Button>
          </Space>
        ) : null
      }
    >
      {!person ? (
        detail.error ? (
          <LoadError onRetry={detail.reload} detail={isApiError(detail.error) ? detail.error.problem.detail : undefined} />
        ) : (
          <Spin style={{ display: "block", margin: "32px auto" }} />
        )
      ) : (
        <Flex vertical gap={16} data-testid="person-drawer">
          <PersonTags person={person} />
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: "personal", label: t("people.col.personal"), children: <PersonalDataCell person={person} canReveal={can("personal.unmask")} testKey="drawer" /> },
              { key: "gender", label: t("people.form.gender"), children: person.gender ? label(GENDER_LABELS[person.gender]) : "—" },
              { key: "birthYear", label: t("people.form.birthYear"), children: person.birthYear ?? "—" },
              { key: "grid", label: t("people.form.grid"), children: person.gridName ?? "—" },
              { key: "joined", label: t("people.form.joinedPartyOn"), children: person.isPartyMember ? (person.joinedPartyOn ?? "—") : t("people.detail.notMember") },
              ...(person.isFloatingMember
                ? [{ key: "elsewhere", label: t("people.form.membershipElsewhere"), children: person.membershipElsewhere ?? "—" }]
                : []),
              { key: "user", label: t("people.form.user"), children: person.userId ? t("people.detail.linked") : t("people.detail.notLinked") },
              { key: "note", label: t("people.form.note"), children: person.note || "—" },
              { key: "updated", label: t("people.detail.updatedAt"), children: formatDateTime(person.updatedAt) },
            ]}
          />
          <TableCard title={t("people.detail.memberships")} rows={person.memberships} columns={membershipColumns} emptyText={t("people.detail.noMemberships")} testId="person-memberships" />
          <TableCard
            title={t("people.detail.posts")}
            rows={person.assignments}
            columns={assignmentColumns}
            emptyText={t("people.detail.noPosts")}
            testId="person-posts"
            rowTestId={(index) => `person-post-row-${index}`}
          >
            {!person.userId && person.assignments.some((assignment) => assignment.toDate === null) ? (
              <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0", fontSize: 12 }}>
                {t("people.detail.postsWithoutAccount")}
              </Typography.Paragraph>
            ) : null}
          </TableCard>
        </Flex>
      )}
      {ending ? (
        <EndPostModal
          assignment={ending}
          onClose={() => setEnding(null)}
          onEnded={() => {
            setEnding(null);
            detail.reload();
            onChanged();
          }}
        />
      ) : null}
    </Drawer>
  );
}

interface TableCardProps<T extends { id: string }> {
  title: string;
  rows: T[];
  columns: TableColumnsType<T>;
  emptyText: string;
  testId: string;
  rowTestId?: (index: number) => string;
  /** Said under the table. */
  children?: ReactNode;
}

/** One of the person's lists (memberships, posts) as a small table in a card. */
function TableCard<T extends { id: string }>({ title, rows, columns, emptyText, testId: tableTestId, rowTestId, children }: TableCardProps<T>) {
  return (
    <Card size="small" title={title}>
      <Table<T>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
        locale={{ emptyText }}
        scroll={{ x: "max-content" }}
        onRow={rowTestId ? (_, index) => testId(rowTestId(index ?? 0)) : undefined}
        data-testid={tableTestId}
      />
      {children}
    </Card>
  );
}
