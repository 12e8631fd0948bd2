import { DownloadOutlined } from "@ant-design/icons";
import type { TUser } from "@caihong/contracts";
import { USER_STATUSES } from "@caihong/contracts/constants";
import { App, Button, Select } from "antd";
import { useState } from "react";
import { isApiError } from "../../api/client";
import { useCursorList } from "../../api/hooks";
import { useGrids, useRoles } from "../../api/reference";
import type { TUserFilters } from "../../api/types";
import { exportUsersCsv, findUsers, getUser, setUserStatus } from "../../api/users.api";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/page-header";
import { PagedTable } from "../../components/paged-table";
import { SearchInput } from "../../components/search-input";
import { useIsNarrow } from "../../components/use-is-narrow";
import { useProblemHandler } from "../../components/use-problem";
import { ChoiceFilter, CreateButton, FilterBar, useFilters } from "../../components/list-filters";
import { useI18n } from "../../i18n/i18n";
import { ResetPasswordModal } from "./reset-password-modal";
import { UserFormDrawer } from "./user-form-drawer";
import { userColumns } from "./user-columns";

/** Hands a blob to the browser as a download. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 用户管理: filter, page through, create, edit, disable, reset and export staff accounts. */
export function UsersPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const isNarrow = useIsNarrow();
  const canWrite = can("users.write");
  const canReadRoles = can("roles.read");
  const { roles } = useRoles(canReadRoles);
  const { grids } = useGrids(canWrite && can("grids.read"));

  const { filters, set } = useFilters<TUserFilters>();
  const list = useCursorList((cursor) => findUsers(filters, cursor), [filters]);
  const [editing, setEditing] = useState<{ user: TUser | null } | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);
  const [isExporting, setIsExporting] = useState(false);

  const toggleStatus = async (user: TUser) => {
    const next = user.status === "active" ? "disabled" : "active";
    try {
      list.replaceItem(await setUserStatus(user.id, user.version, next));
      void message.success(next === "disabled" ? t("users.nowDisabled", { name: user.displayName }) : t("users.nowEnabled", { name: user.displayName }));
    } catch (err) {
      if (isApiError(err, "VERSION_CONFLICT")) {
        void message.warning(t("error.conflictReloaded"), 6);
        list.reload();
      } else onProblem(err);
    }
  };

  const exportCsv = async () => {
    setIsExporting(true);
    try {
      const { blob, filename } = await exportUsersCsv(filters);
      saveBlob(blob, filename);
      void message.success(t("users.exported", { name: filename }));
    } catch (err) {
      onProblem(err);
    } finally {
      setIsExporting(false);
    }
  };

  const columns = userColumns(t, {
    isNarrow,
    canWrite,
    canReveal: can("personal.unmask"),
    onEdit: (user) => setEditing({ user }),
    onToggleStatus: toggleStatus,
    onResetPassword: setResetting,
  });

  return (
    <>
      <PageHeader
        title={t("users.title")}
        extra={
          <>
            <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} loading={isExporting} data-testid="users-export">
              {t("users.export")}
            </Button>
            {canWrite ? (
              <CreateButton onClick={() => setEditing({ user: null })} testId="user-create">
                {t("users.create")}
              </CreateButton>
            ) : null}
          </>
        }
      />
      <FilterBar>
        <SearchInput value={filters.q} onSearch={set("q")} placeholder={t("users.search")} style={{ flex: "1 1 240px", maxWidth: 360 }} testId="users-search" />
        <ChoiceFilter<TUser["status"]>
          value={filters.status}
          onChange={set("status")}
          options={USER_STATUSES.map((value) => ({ value, label: t(`users.status.${value}`) }))}
          placeholder={t("users.statusFilter")}
          width={120}
          testId="users-filter-status"
        />
        {canReadRoles ? (
          <Select<string>
            allowClear
            placeholder={t("users.roleFilter")}
            aria-label={t("users.roleFilter")}
            value={filters.roleId}
            onChange={set("roleId")}
            options={roles.map((role) => ({ value: role.id, label: locale === "en" ? role.nameEn : role.nameZh }))}
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 180 }}
            data-testid="users-filter-role"
          />
        ) : null}
      </FilterBar>
      <PagedTable list={list} columns={columns} emptyText={t("users.empty")} rowTestId={(user) => `user-row-${user.username}`} testId="users-table" />
      {editing ? (
        <UserFormDrawer
          user={editing.user}
          roles={roles}
          canAssignRoles={canReadRoles}
          grids={grids}
          onClose={() => setEditing(null)}
          onSaved={(saved, isNew) => {
            setEditing(null);
            void message.success(isNew ? t("users.created", { name: saved.displayName }) : t("users.updated", { name: saved.displayName }));
            if (isNew) list.reload();
            else list.replaceItem(saved);
          }}
        />
      ) : null}
      {resetting ? (
        <ResetPasswordModal
          user={resetting}
          onClose={(isDone) => {
            setResetting(null);
            // A reset bumps the record's version; refresh the row so a later edit is not a conflict.
            if (isDone) getUser(resetting.id).then(list.replaceItem, () => list.reload());
          }}
        />
      ) : null}
    </>
  );
}
