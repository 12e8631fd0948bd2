import type { TUnit, TUnitKind } from "@caihong/contracts";
import { UNIT_KIND_LABELS, UNIT_KINDS } from "@caihong/contracts/constants";
import { App, Button, Flex, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { useCursorList } from "../../api/hooks";
import { useGrids } from "../../api/reference";
import { findUnits, unitsExportUrl, type TUnitFilters } from "../../api/units.api";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/page-header";
import { PagedTable } from "../../components/paged-table";
import { SearchInput } from "../../components/search-input";
import { useIsNarrow } from "../../components/use-is-narrow";
import { ChoiceFilter, FilterBar, GridFilter, ListActions, useChoiceOptions, useFilters, YesNoFilter } from "../../components/list-filters";
import { useI18n } from "../../i18n/i18n";
import { DemoTag } from "../people/demo-tag";
import { ContactsCell } from "./contacts-cell";
import { UnitFormDrawer } from "./unit-form-drawer";

type OtherFilters = Omit<TUnitFilters, "gridId">;

/**
 * 驻区单位: enterprises, building projects, operators, schools and departments in the area.
 * The grid filter lives in the URL (`/units?gridId=…`) so the map can link to a grid's units.
 */
export function UnitsPage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const isNarrow = useIsNarrow();
  const canWrite = can("units.write");
  const canReveal = can("personal.unmask");
  const { grids } = useGrids(can("grids.read"));
  const [searchParams, setSearchParams] = useSearchParams();
  const gridId = searchParams.get("gridId") || undefined;

  const { filters: others, set } = useFilters<OtherFilters>();
  const kinds = useChoiceOptions(UNIT_KINDS, UNIT_KIND_LABELS);
  const filters: TUnitFilters = { ...others, gridId };
  const list = useCursorList((cursor) => findUnits(filters, cursor), [others, gridId]);
  const [editing, setEditing] = useState<{ unitId: string | null } | null>(null);

  const setGridFilter = (next: string | undefined) => {
    setSearchParams(
      (prev) => {
        const params = new URLSearchParams(prev);
        if (next) params.set("gridId", next);
        else params.delete("gridId");
        return params;
      },
      { replace: true },
    );
  };

  const columns: TableColumnsType<TUnit> = [
    {
      title: t("units.col.name"),
      dataIndex: "name",
      fixed: isNarrow ? undefined : "left",
      width: 220,
      render: (name: string, unit) => (
        <div>
          <Typography.Text strong>{name}</Typography.Text>
          {/* The demo tag sits on the code line: after a long name it would wrap onto a line of its own. */}
          {unit.uscc || unit.isDemo ? (
            <Flex gap={6} align="center">
              {unit.uscc ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: "tabular-nums" }}>
                  {unit.uscc}
                </Typography.Text>
              ) : null}
              {unit.isDemo ? <DemoTag /> : null}
            </Flex>
          ) : null}
        </div>
      ),
    },
    { title: t("units.col.kind"), dataIndex: "kind", width: 100, render: (kind: TUnitKind) => label(UNIT_KIND_LABELS[kind]) },
    {
      title: t("units.col.grid"),
      dataIndex: "gridName",
      width: 150,
      render: (name: string | null, unit) => <span data-testid={`unit-grid-${unit.name}`}>{name ?? "—"}</span>,
    },
    {
      title: t("units.col.address"),
      dataIndex: "address",
      width: 160,
      render: (address: string | null) => (address ? <Typography.Text style={{ maxWidth: 160 }} ellipsis={{ tooltip: address }}>{address}</Typography.Text> : "—"),
    },
    {
      title: t("units.col.partyOrg"),
      key: "partyOrg",
      width: 170,
      render: (_, unit) =>
        unit.partyOrgName ? (
          <div>
            <div>{unit.partyOrgName}</div>
            {unit.partyMemberCount !== null ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("units.memberCount", { count: unit.partyMemberCount })}
              </Typography.Text>
            ) : null}
          </div>
        ) : (
          "—"
        ),
    },
    { title: t("units.col.contacts"), key: "contacts", width: 175, render: (_, unit) => <ContactsCell unit={unit} canReveal={canReveal} /> },
  ];
  if (canWrite) {
    columns.push({
      title: t("units.col.actions"),
      key: "actions",
      fixed: isNarrow ? undefined : "right",
      width: 80,
      render: (_, unit) => (
        <Button type="link" size="small" onClick={() => setEditing({ unitId: unit.id })} data-testid={`unit-edit-${unit.name}`}>
          {t("units.edit")}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t("units.title")}
        description={t("units.intro")}
        extra={
          <>
            <ListActions
              exportLink={{ href: unitsExportUrl(filters), label: t("units.export"), testId: "units-export" }}
              create={canWrite ? { label: t("units.create"), testId: "unit-create", onClick: () => setEditing({ unitId: null }) } : null}
            />
          </>
        }
      />
      <FilterBar>
        <SearchInput value={others.q} onSearch={set("q")} placeholder={t("units.search")} style={{ flex: "1 1 240px", maxWidth: 320 }} testId="units-search" />
        <ChoiceFilter<TUnitKind> value={others.kind} onChange={set("kind")} options={kinds} placeholder={t("units.kindFilter")} width={160} testId="units-filter-kind" />
        <GridFilter grids={grids} value={gridId} onChange={setGridFilter} placeholder={t("units.gridFilter")} width={220} testId="units-filter-grid" />
        <YesNoFilter
          value={others.hasPartyOrg}
          onChange={set("hasPartyOrg")}
          yes={t("units.hasPartyOrg")}
          no={t("units.noPartyOrg")}
          placeholder={t("units.partyOrgFilter")}
          width={170}
          testId="units-filter-party-org"
        />
      </FilterBar>
      <PagedTable list={list} columns={columns} emptyText={t("units.empty")} rowTestId={(unit) => `unit-row-${unit.name}`} testId="units-table" />
      {editing ? (
        <UnitFormDrawer
          unitId={editing.unitId}
          grids={grids}
          onClose={() => setEditing(null)}
          onSaved={(saved, isNew) => {
            setEditing(null);
            void message.success(isNew ? t("units.created", { name: saved.name, grid: saved.gridName ?? "—" }) : t("units.updated", { name: saved.name }));
            if (isNew) list.reload();
            else list.replaceItem(saved);
          }}
        />
      ) : null}
    </>
  );
}
