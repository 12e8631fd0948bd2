import type { TPartyOrgKind } from "@caihong/contracts";
import { PARTY_ORG_KIND_LABELS, PARTY_ORG_KINDS } from "@caihong/contracts/constants";
import { App } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useCursorList } from "../../api/hooks";
import { findPartyOrgs, partyOrgsExportUrl, type TPartyOrgFilters } from "../../api/party.api";
import { useGrids } from "../../api/reference";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/page-header";
import { PagedTable } from "../../components/paged-table";
import { SearchInput } from "../../components/search-input";
import { useIsNarrow } from "../../components/use-is-narrow";
import { ChoiceFilter, FilterBar, GridFilter, ListActions, useChoiceOptions, useFilters } from "../../components/list-filters";
import { useI18n } from "../../i18n/i18n";
import { partyOrgColumns } from "./party-org-columns";
import { PartyOrgFormModal } from "./party-org-form-modal";

/** 党组织: one organisation per grid; filter, page through, export, create and edit. */
export function PartyOrgsPage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isNarrow = useIsNarrow();
  const canWrite = can("party.write");
  const { grids } = useGrids(can("grids.read"));

  const { filters, set } = useFilters<TPartyOrgFilters>();
  const kinds = useChoiceOptions(PARTY_ORG_KINDS, PARTY_ORG_KIND_LABELS);
  const list = useCursorList((cursor) => findPartyOrgs(filters, cursor), [filters]);
  const [editing, setEditing] = useState<{ orgId: string | null } | null>(null);

  const columns = partyOrgColumns({ t, label, isNarrow, canWrite, onEdit: (org) => setEditing({ orgId: org.id }) });

  return (
    <>
      <PageHeader
        title={t("party.title")}
        description={t("party.intro")}
        extra={
          <>
            <ListActions
              exportLink={{ href: partyOrgsExportUrl(filters), label: t("party.export"), testId: "party-orgs-export" }}
              create={canWrite ? { label: t("party.create"), testId: "party-org-create", onClick: () => setEditing({ orgId: null }) } : null}
            />
          </>
        }
      />
      <FilterBar>
        <SearchInput value={filters.q} onSearch={set("q")} placeholder={t("party.search")} style={{ flex: "1 1 220px", maxWidth: 300 }} testId="party-orgs-search" />
        <ChoiceFilter<TPartyOrgKind> value={filters.kind} onChange={set("kind")} options={kinds} placeholder={t("party.kindFilter")} width={200} testId="party-orgs-filter-kind" />
        <GridFilter grids={grids} value={filters.gridId} onChange={set("gridId")} placeholder={t("party.gridFilter")} width={240} testId="party-orgs-filter-grid" />
      </FilterBar>
      <PagedTable list={list} columns={columns} emptyText={t("party.empty")} rowTestId={(org) => `party-org-row-${org.name}`} testId="party-orgs-table" />
      {editing ? (
        <PartyOrgFormModal
          orgId={editing.orgId}
          grids={grids}
          onClose={() => setEditing(null)}
          onSaved={(saved, isNew) => {
            setEditing(null);
            void message.success(isNew ? t("party.created", { name: saved.name }) : t("party.updated", { name: saved.name }));
            if (isNew) navigate(`/party-orgs/${saved.id}`);
            else list.replaceItem(saved);
          }}
        />
      ) : null}
    </>
  );
}
