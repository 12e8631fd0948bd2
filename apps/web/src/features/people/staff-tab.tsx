import { PlusOutlined } from "@ant-design/icons";
import type { TGridNode, TStaffPost } from "@caihong/contracts";
import { STAFF_POST_LABELS, STAFF_POSTS } from "@caihong/contracts/constants";
import { App, Button, Checkbox, Flex, Select, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { isApiError } from "../../api/client";
import { useCursorList } from "../../api/hooks";
import { endStaffAssignment, findStaffAssignments, staffExportUrl, type TStaffAssignment, type TStaffFilters } from "../../api/people.api";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { PagedTable } from "../../components/paged-table";
import { useIsNarrow } from "../../components/use-is-narrow";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";
import { AssignPostModal } from "./assign-post-modal";
import { EndDateModal } from "./end-date-modal";
import { ExportLink } from "./export-link";

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
  const onProblem = useProblemHandler();
  const isNarrow = useIsNarrow();
  const [filters, setFilters] = useState<TStaffFilters>({});
  const list = useCursorList((cursor) => findStaffAssignments(filters, cursor), [filters, refreshKey]);
  const [isAssigning, setIsAssigning] = useState(false);
  const [ending, setEnding] = useState<TStaffAssignment | null>(null);

  const finishEnding = async (assignment: TStaffAssignment, toDate: string) => {
    try {
      const ended = await endStaffAssignment(assignment.id, { version: assignment.version, toDate });
      void message.success(t("staff.ended", { name: assignment.personName, post: label(STAFF_POST_LABELS[assignment.post]) }));
      setEnding(null);
      if (filters.includeEnded) list.replaceItem(ended);
      else list.reload();
    } catch (err) {
      if (isApiError(err, "VERSION_CONFLICT")) {
        void message.warning(t("error.conflictReloaded"), 6);
        setEnding(null);
        list.reload();
      } else onProblem(err);
    }
  };

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
      <Flex wrap gap={8} style={{ marginBottom: 16 }} justify="space-between">
        <Flex wrap gap={8}>
          {grids.length > 0 ? (
            <div style={{ width: 240 }}>
              <GridTreeSelect
                grids={grids}
                value={filters.gridId ?? null}
                onChange={(gridId) => setFilters((prev) => ({ ...prev, gridId: gridId ?? undefined }))}
                placeholder={t("staff.gridFilter")}
                data-testid="staff-filter-grid"
              />
            </div>
          ) : null}
          <Select<TStaffPost>
            allowClear
            placeholder={t("staff.postFilter")}
            value={filters.post}
            onChange={(post) => setFilters((prev) => ({ ...prev, post }))}
            options={STAFF_POSTS.map((value) => ({ value, label: label(STAFF_POST_LABELS[value]) }))}
            style={{ width: 150 }}
            data-testid="staff-filter-post"
          />
          <Checkbox
            checked={filters.includeEnded === "true"}
            onChange={(event) => setFilters((prev) => ({ ...prev, includeEnded: event.target.checked ? "true" : undefined }))}
            style={{ alignSelf: "center" }}
            data-testid="staff-filter-ended"
          >
            {t("staff.includeEnded")}
          </Checkbox>
        </Flex>
        <Flex wrap gap={8}>
          <ExportLink href={staffExportUrl(filters)} label={t("staff.export")} testId="staff-export" />
          {canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsAssigning(true)} data-testid="staff-assign">
              {t("staff.assign.button")}
            </Button>
          ) : null}
        </Flex>
      </Flex>
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
        <EndDateModal
          title={t("staff.endTitle", { name: ending.personName, post: label(STAFF_POST_LABELS[ending.post]), grid: ending.gridName })}
          description={t("staff.endHint")}
          fromDate={ending.fromDate}
          onClose={() => setEnding(null)}
          onSubmit={(toDate) => finishEnding(ending, toDate)}
        />
      ) : null}
    </>
  );
}
