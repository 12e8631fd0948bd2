import { ArrowLeftOutlined, EditOutlined, UserAddOutlined } from "@ant-design/icons";
import type { TMembership, TMembershipRole } from "@caihong/contracts";
import { MEMBERSHIP_ROLE_LABELS, PARTY_ORG_KIND_LABELS } from "@caihong/contracts/constants";
import { App, Button, Card, Descriptions, Flex, Segmented, Space, Spin, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { isApiError } from "../../api/client";
import { useRequest } from "../../api/hooks";
import { endMembership, getPartyOrg } from "../../api/party.api";
import { useGrids } from "../../api/reference";
import { useSession } from "../../app/session";
import { gridLevelLabel } from "../../components/grid-level";
import { PageHeader } from "../../components/page-header";
import { LoadError, NotFoundPage } from "../../components/status-pages";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { DemoTag } from "../people/demo-tag";
import { EndDateModal } from "../people/end-date-modal";
import { AddMembershipModal } from "./add-membership-modal";
import { PartyOrgFormModal } from "./party-org-form-modal";

type MembershipView = "current" | "all";

/** Leaders first: the secretary, deputies, a responsibility zone's responsible members, the committee, then members. */
const ROLE_RANK: readonly TMembershipRole[] = ["secretary", "deputy_secretary", "responsible", "committee_member", "member"];

/** Current memberships first (by role, then start), ended ones after, latest end first. */
function sortMemberships(items: readonly TMembership[]): TMembership[] {
  return [...items].sort((a, b) => {
    if ((a.toDate === null) !== (b.toDate === null)) return a.toDate === null ? -1 : 1;
    if (a.toDate && b.toDate && a.toDate !== b.toDate) return b.toDate.localeCompare(a.toDate);
    const byRole = ROLE_RANK.indexOf(a.role) - ROLE_RANK.indexOf(b.role);
    return byRole || a.fromDate.localeCompare(b.fromDate);
  });
}

/** One party organisation: its attributes and its memberships, current and ended. */
export function PartyOrgPage() {
  const { id = "" } = useParams();
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const canWrite = can("party.write");
  const { grids } = useGrids(canWrite && can("grids.read"));
  const detail = useRequest(() => getPartyOrg(id), [id]);
  const parentId = detail.data?.parentId ?? null;
  const parent = useRequest(() => getPartyOrg(parentId ?? ""), [parentId], parentId !== null);
  const [view, setView] = useState<MembershipView>("current");
  const [isEditing, setIsEditing] = useState(false);
  const [isAdding, setIsAdding] = useState(false);
  const [ending, setEnding] = useState<TMembership | null>(null);

  const org = detail.data;
  const memberships = useMemo(() => {
    const all = sortMemberships(org?.memberships ?? []);
    return view === "current" ? all.filter((membership) => membership.toDate === null) : all;
  }, [org, view]);

  if (detail.error && !org) {
    if (isApiError(detail.error, "NOT_FOUND")) return <NotFoundPage />;
    return <LoadError onRetry={detail.reload} detail={isApiError(detail.error) ? detail.error.problem.detail : undefined} />;
  }
  if (!org) return <Spin style={{ display: "block", margin: "64px auto" }} />;

  const finishEnding = async (membership: TMembership, toDate: string) => {
    try {
      await endMembership(membership.id, { version: membership.version, toDate });
      void message.success(t("party.members.ended", { name: membership.personName }));
      setEnding(null);
      detail.reload();
    } catch (err) {
      if (isApiError(err, "VERSION_CONFLICT")) {
        void message.warning(t("error.conflictReloaded"), 6);
        setEnding(null);
        detail.reload();
      } else onProblem(err);
    }
  };

  const columns: TableColumnsType<TMembership> = [
    { title: t("party.members.col.person"), dataIndex: "personName", width: 140 },
    { title: t("party.members.col.role"), dataIndex: "role", width: 140, render: (role: TMembership["role"]) => label(MEMBERSHIP_ROLE_LABELS[role]) },
    { title: t("party.members.col.from"), dataIndex: "fromDate", width: 120 },
    { title: t("party.members.col.to"), dataIndex: "toDate", width: 120, render: (to: string | null) => to ?? "—" },
    {
      title: t("party.members.col.status"),
      key: "status",
      width: 90,
      render: (_, membership) =>
        membership.toDate === null ? <Tag color="success">{t("party.members.current")}</Tag> : <Tag>{t("party.members.endedTag")}</Tag>,
    },
  ];
  if (canWrite) {
    columns.push({
      title: t("party.col.actions"),
      key: "actions",
      width: 90,
      render: (_, membership, index) =>
        membership.toDate === null ? (
          <Button type="link" size="small" danger onClick={() => setEnding(membership)} data-testid={`membership-end-${index}`}>
            {t("party.members.end")}
          </Button>
        ) : null,
    });
  }

  return (
    <>
      <Link to="/party-orgs" data-testid="party-org-back">
        <Space size={4} style={{ marginBottom: 8 }}>
          <ArrowLeftOutlined />
          {t("party.backToList")}
        </Space>
      </Link>
      <PageHeader
        title={
          <Space size={8} wrap>
            <span data-testid="party-org-title">{org.name}</span>
            {org.isDemo ? <DemoTag /> : null}
          </Space>
        }
        extra={
          canWrite ? (
            <Button icon={<EditOutlined />} onClick={() => setIsEditing(true)} data-testid="party-org-edit">
              {t("party.edit")}
            </Button>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          data-testid="party-org-attributes"
          items={[
            { key: "kind", label: t("party.col.kind"), children: label(PARTY_ORG_KIND_LABELS[org.kind]) },
            {
              key: "grid",
              label: t("party.col.grid"),
              children: (
                <span>
                  {org.gridName} <Typography.Text type="secondary">{org.gridCode}</Typography.Text>
                  <Tag style={{ marginInlineStart: 8 }}>{gridLevelLabel(org.gridLevel, label)}</Tag>
                </span>
              ),
            },
            {
              key: "parent",
              label: t("party.detail.parent"),
              children: org.parentId ? (
                <Link to={`/party-orgs/${org.parentId}`} data-testid="party-org-parent">
                  {parent.data?.id === org.parentId ? parent.data.name : t("party.detail.openParent")}
                </Link>
              ) : (
                t("party.detail.noParent")
              ),
            },
            { key: "leader", label: t("party.col.leader"), children: org.leaderName ?? "—" },
            { key: "members", label: t("party.col.members"), children: org.memberCount },
            { key: "phone", label: t("party.form.contactPhone"), children: org.contactPhoneMasked ?? "—" },
            { key: "founded", label: t("party.form.foundedOn"), children: org.foundedOn ?? "—" },
            { key: "updated", label: t("party.detail.updatedAt"), children: formatDateTime(org.updatedAt) },
            { key: "note", label: t("party.form.note"), children: org.note || "—" },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t("party.members.title")}
        extra={
          <Flex gap={8} align="center" wrap>
            <Segmented<MembershipView>
              size="small"
              value={view}
              onChange={setView}
              options={[
                { value: "current", label: t("party.members.showCurrent") },
                { value: "all", label: t("party.members.showAll") },
              ]}
              data-testid="memberships-view"
            />
            {canWrite ? (
              <Button size="small" type="primary" icon={<UserAddOutlined />} onClick={() => setIsAdding(true)} data-testid="membership-add">
                {t("party.members.add")}
              </Button>
            ) : null}
          </Flex>
        }
      >
        <Table<TMembership>
          rowKey="id"
          columns={columns}
          dataSource={memberships}
          loading={detail.loading}
          pagination={false}
          scroll={{ x: "max-content" }}
          size="small"
          locale={{ emptyText: view === "current" ? t("party.members.emptyCurrent") : t("party.members.empty") }}
          onRow={(_, index) => testId(`membership-row-${index ?? 0}`)}
          data-testid="memberships-table"
        />
      </Card>
      {isEditing ? (
        <PartyOrgFormModal
          orgId={org.id}
          grids={grids}
          onClose={() => setIsEditing(false)}
          onSaved={(saved) => {
            setIsEditing(false);
            void message.success(t("party.updated", { name: saved.name }));
            detail.setData(saved);
          }}
        />
      ) : null}
      {isAdding ? (
        <AddMembershipModal
          orgId={org.id}
          orgName={org.name}
          orgKind={org.kind}
          onClose={() => setIsAdding(false)}
          onAdded={(membership) => {
            setIsAdding(false);
            void message.success(t("party.members.added", { name: membership.personName }));
            detail.reload();
          }}
        />
      ) : null}
      {ending ? (
        <EndDateModal
          title={t("party.members.endTitle", { name: ending.personName })}
          description={t("party.members.endHint")}
          fromDate={ending.fromDate}
          onClose={() => setEnding(null)}
          onSubmit={(toDate) => finishEnding(ending, toDate)}
        />
      ) : null}
    </>
  );
}
