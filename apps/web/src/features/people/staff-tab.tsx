import type { TGridNode, TStaffPost } from "@caihong/contracts";
import { STAFF_POST_LABELS, STAFF_POSTS } from "@caihong/contracts/constants";
import { App, Button, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useCursorList } from "../../api/hooks";
import { findStaffAssignments, staffExportUrl, type TStaffAssignment, type TStaffFilters } from "../../api/people.api";
import { PagedTable } from "../../components/paged-table";
import { useIsNarrow } from "../../components/use-is-narrow";
import { CheckFilter, ChoiceFilter, GridFilter, ListActions, ListToolbar, useChoiceOptions, useFilters } from "../../components/list-filters";
import { useI18n } from "../../i18n/i18n";
import { AssignPostModal } from "./assign-post-modal";
import { EndPostModal } from "./end-post-modal";

interface StaffTabProps {
  grids: readonly TGridNode[];
  canWrite: boolean;
  /** Bumped after a post changed elsewhere on the page: the list reloads (filters kept). */
  refreshKey: number;
  /** Opens a person's drawer. */
  onOpenPerson: (personId: string) => void;
}

/** 岗位: grid staff assignments (网格长, 网格员, …) with dates; assign and end posts. */
export function StaffTab({ grids, canWrite, refreshKey, onOpenPerson }: StaffTabProps) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const isNarrow = useIsNarrow();
  const { filters, set } = useFilters<TStaffFilters>();
  const posts = useChoiceOptions(STAFF_POSTS, STAFF_POST_LABELS);
  const list = useCursorList((cursor) => findStaffAssignments(filters, cursor), [filters, refreshKey]);
  const [isAssigning, setIsAssigning] = useState(false);
  const [ending, setEnding] = useState<TStaffAssignment | null>(null);

  const columns: TableColumnsType<TStaffAssignment> = [
    {
      title: t("staff.col.person"),
      dataIndex: "personName",
      fixed: isNarrow ? undefined : "left",
      width: 120,
      render: (name: string, assignment) => (
        <Typography.Link onClick={() => onOpenPerson(assignment.personId)}>{name}</Typography.Link>
      ),
    },
    { title: t("staff.col.post"), dataIndex: "post", width: 120, render: (post: TStaffPost) => label(STAFF_POST_LABELS[post]) },
    {
      title: t("staff.col.grid"),
      key: "grid",
      width: 200,
      render: (_, assignment) => (
        <div>
          <div>{assignment.gridName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {assignment.gridCode}
          </Typography.Text>
        </div>
      ),
    },
    { title: t("staff.col.from"), dataIndex: "fromDate", width: 110 },
    { title: t("staff.col.to"), dataIndex: "toDate", width: 110, render: (to: string | null) => to ?? "—" },
    {
      title: t("staff.col.access"),
      dataIndex: "grantsAccess",
      width: 130,
      render: (grants: boolean, assignment) =>
        assignment.toDate !== null ? (
          <Tag>{t("staff.endedTag")}</Tag>
        ) : grants ? (
          <Tag color="success">{t("staff.grantsAccess")}</Tag>
        ) : (
          <Tag color="default">{t("staff.noAccount")}</Tag>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t("people.col.actions"),
      key: "actions",
      fixed: isNarrow ? undefined : "right",
      width: 80,
      render: (_, assignment, index) =>
        assignment.toDate === null ? (
          <Button type="link" size="small" danger onClick={() => setEnding(assignment)} data-testid={`staff-end-${index}`}>
            {t("staff.end")}
          </Button>
        ) : null,
    });
  }

  return (
    <>
      <ListToolbar
        filters={
          <>
            <GridFilter grids={grids} value={filters.gridId} onChange={set("gridId")} placeholder={t("staff.gridFilter")} width={240} testId="staff-filter-grid" />
            <ChoiceFilter<TStaffPost> value={filters.post} onChange={set("post")} options={posts} placeholder={t("staff.postFilter")} width={150} testId="staff-filter-post" />
            <CheckFilter value={filters.includeEnded} onChange={set("includeEnded")} testId="staff-filter-ended">
              {t("staff.includeEnded")}
            </CheckFilter>
          </>
        }
        actions={
          <ListActions
            exportLink={{ href: staffExportUrl(filters), label: t("staff.export"), testId: "staff-export" }}
            create={canWrite ? { label: t("staff.assign.button"), testId: "staff-assign", onClick: () => setIsAssigning(true) } : null}
          />
        }
      />
      <PagedTable list={list} columns={columns} emptyText={t("staff.empty")} rowTestId={(_, index) => `staff-row-${index}`} testId="staff-table" />
      {isAssigning ? (
        <AssignPostModal
          grids={grids}
          onClose={() => setIsAssigning(false)}
          onAssigned={(assignment) => {
            setIsAssigning(false);
            void message.success(t("staff.assigned", { name: assignment.personName, post: label(STAFF_POST_LABELS[assignment.post]), grid: assignment.gridName }));
            list.reload();
          }}
        />
      ) : null}
      {ending ? (
        <EndPostModal
          assignment={ending}
          onClose={() => setEnding(null)}
          onEnded={(ended) => {
            setEnding(null);
            if (ended && filters.includeEnded) list.replaceItem(ended);
            else list.reload();
          }}
        />
      ) : null}
    </>
  );
}
