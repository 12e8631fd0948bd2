import type { TGridNode, TPerson, TStaffPost } from "@caihong/contracts";
import { GENDER_LABELS, STAFF_POST_LABELS, STAFF_POSTS } from "@caihong/contracts/constants";
import { App, Button, Space, Tabs, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { useCursorList } from "../../api/hooks";
import { findPeople, peopleExportUrl, type TPeopleFilters } from "../../api/people.api";
import { useGrids } from "../../api/reference";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/page-header";
import { PagedTable } from "../../components/paged-table";
import { SearchInput } from "../../components/search-input";
import { useIsNarrow } from "../../components/use-is-narrow";
import { CheckFilter, ChoiceFilter, GridFilter, ListActions, ListToolbar, useChoiceOptions, useFilters, YesNoFilter } from "../../components/list-filters";
import { useI18n } from "../../i18n/i18n";
import { AssignPostModal } from "./assign-post-modal";
import { PersonDrawer } from "./person-drawer";
import { PersonFormDrawer } from "./person-form-drawer";
import { PersonTags } from "./person-tags";
import { PersonalDataCell } from "./personal-data-cell";
import { StaffTab } from "./staff-tab";

type TabKey = "people" | "staff";

/** 党员与工作人员: people (members, floating members, staff) and, on a second tab, staff posts. */
export function PeoplePage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: TabKey = searchParams.get("tab") === "staff" ? "staff" : "people";
  const canWrite = can("people.write");
  const { grids } = useGrids(can("grids.read"));

  const [viewing, setViewing] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [editing, setEditing] = useState<{ personId: string | null } | null>(null);
  const [assigning, setAssigning] = useState<{ id: string; name: string } | null>(null);

  return (
    <>
      <PageHeader title={t("people.title")} description={t("people.intro")} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams(key === "staff" ? { tab: "staff" } : {}, { replace: true })}
        items={[
          {
            key: "people",
            label: <span data-testid="people-tab-people">{t("people.tab.people")}</span>,
            children: (
              <PeopleTab
                grids={grids}
                canWrite={canWrite}
                refreshKey={refreshKey}
                onView={setViewing}
                onEdit={(personId) => setEditing({ personId })}
                onCreate={() => setEditing({ personId: null })}
              />
            ),
          },
          {
            key: "staff",
            label: <span data-testid="people-tab-staff">{t("people.tab.staff")}</span>,
            children: <StaffTab grids={grids} canWrite={canWrite} refreshKey={refreshKey} onOpenPerson={setViewing} />,
          },
        ]}
      />
      {viewing ? (
        <PersonDrawer
          personId={viewing}
          refreshKey={refreshKey}
          onClose={() => setViewing(null)}
          onEdit={(personId) => setEditing({ personId })}
          onAssign={setAssigning}
          onChanged={() => setRefreshKey((n) => n + 1)}
        />
      ) : null}
      {editing ? (
        <PersonFormDrawer
          personId={editing.personId}
          grids={grids}
          onClose={() => setEditing(null)}
          onSaved={(saved, isNew) => {
            setEditing(null);
            void message.success(isNew ? t("people.created", { name: saved.name }) : t("people.updated", { name: saved.name }));
            setRefreshKey((n) => n + 1);
            if (isNew) setViewing(saved.id);
          }}
        />
      ) : null}
      {assigning ? (
        <AssignPostModal
          grids={grids}
          person={assigning}
          onClose={() => setAssigning(null)}
          onAssigned={(assignment) => {
            setAssigning(null);
            void message.success(t("staff.assigned", { name: assignment.personName, post: label(STAFF_POST_LABELS[assignment.post]), grid: assignment.gridName }));
            setRefreshKey((n) => n + 1);
          }}
        />
      ) : null}
    </>
  );
}

interface PeopleTabProps {
  grids: readonly TGridNode[];
  canWrite: boolean;
  /** Bumped after a change elsewhere on the page: the list reloads (filters kept). */
  refreshKey: number;
  onView: (personId: string) => void;
  onEdit: (personId: string) => void;
  onCreate: () => void;
}

function PeopleTab({ grids, canWrite, refreshKey, onView, onEdit, onCreate }: PeopleTabProps) {
  const { t, label } = useI18n();
  const { can } = useSession();
  const isNarrow = useIsNarrow();
  const { filters, set } = useFilters<TPeopleFilters>();
  const list = useCursorList((cursor) => findPeople(filters, cursor), [filters, refreshKey]);
  const posts = useChoiceOptions(STAFF_POSTS, STAFF_POST_LABELS);
  const canReveal = can("personal.unmask");

  const columns: TableColumnsType<TPerson> = [
    {
      title: t("people.col.name"),
      dataIndex: "name",
      fixed: isNarrow ? undefined : "left",
      width: 130,
      render: (name: string, person) => (
        <div>
          <Typography.Link strong onClick={() => onView(person.id)} data-testid={`person-open-${person.name}`}>
            {name}
          </Typography.Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[person.gender ? label(GENDER_LABELS[person.gender]) : null, person.birthYear ? t("people.bornIn", { year: person.birthYear }) : null]
                .filter(Boolean)
                .join(" · ") || "—"}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t("people.col.personal"),
      key: "personal",
      width: 210,
      render: (_, person) => <PersonalDataCell person={person} canReveal={canReveal} testKey={person.name} />,
    },
    { title: t("people.col.grid"), dataIndex: "gridName", width: 160, render: (name: string | null) => name ?? "—" },
    { title: t("people.col.tags"), key: "tags", width: 240, render: (_, person) => <PersonTags person={person} /> },
    {
      title: t("people.col.organisations"),
      dataIndex: "organisations",
      width: 200,
      render: (names: string[]) =>
        names.length ? (
          <Space orientation="vertical" size={0}>
            {names.map((name) => (
              <Typography.Text key={name} style={{ fontSize: 13 }}>
                {name}
              </Typography.Text>
            ))}
          </Space>
        ) : (
          "—"
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t("people.col.actions"),
      key: "actions",
      fixed: isNarrow ? undefined : "right",
      width: 80,
      render: (_, person) => (
        <Button type="link" size="small" onClick={() => onEdit(person.id)} data-testid={`person-edit-${person.name}`}>
          {t("people.edit")}
        </Button>
      ),
    });
  }

  return (
    <>
      <ListToolbar
        filters={
          <>
            <SearchInput value={filters.q} onSearch={set("q")} placeholder={t("people.search")} style={{ flex: "1 1 200px", maxWidth: 260 }} testId="people-search" />
            <GridFilter grids={grids} value={filters.gridId} onChange={set("gridId")} placeholder={t("people.gridFilter")} width={200} testId="people-filter-grid" />
            {/* Wide enough for the English placeholder ("Party member?") without an ellipsis. */}
            <YesNoFilter
              value={filters.isPartyMember}
              onChange={set("isPartyMember")}
              yes={t("people.memberYes")}
              no={t("people.memberNo")}
              placeholder={t("people.memberFilter")}
              width={150}
              testId="people-filter-member"
            />
            <ChoiceFilter<TStaffPost> value={filters.post} onChange={set("post")} options={posts} placeholder={t("people.postFilter")} width={140} testId="people-filter-post" />
            <CheckFilter value={filters.isFloatingMember} onChange={set("isFloatingMember")} testId="people-filter-floating">
              {t("people.floatingOnly")}
            </CheckFilter>
          </>
        }
        actions={
          <ListActions
            exportLink={{ href: peopleExportUrl(filters), label: t("people.export"), testId: "people-export" }}
            create={canWrite ? { label: t("people.create"), testId: "person-create", onClick: onCreate } : null}
          />
        }
      />
      <PagedTable list={list} columns={columns} emptyText={t("people.empty")} rowTestId={(person) => `person-row-${person.name}`} testId="people-table" />
    </>
  );
}
