import type { TPartyOrg } from "@caihong/contracts";
import { PARTY_ORG_KIND_LABELS } from "@caihong/contracts/constants";
import { Button, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router";
import type { I18n } from "../../i18n/i18n";
import { DemoTag } from "../people/demo-tag";

/** Grid name over its code. */
export function GridCell({ name, code }: { name: string; code: string }) {
  return (
    <div>
      <div>{name}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {code}
      </Typography.Text>
    </div>
  );
}

interface PartyOrgColumnOptions {
  t: I18n["t"];
  label: I18n["label"];
  isNarrow: boolean;
  canWrite: boolean;
  onEdit: (org: TPartyOrg) => void;
}

/** Columns of the organisation table; the edit column only for `party.write`. */
export function partyOrgColumns({ t, label, isNarrow, canWrite, onEdit }: PartyOrgColumnOptions): TableColumnsType<TPartyOrg> {
  const columns: TableColumnsType<TPartyOrg> = [
    {
      title: t("party.col.name"),
      dataIndex: "name",
      fixed: isNarrow ? undefined : "left",
      width: 220,
      render: (name: string, org) => (
        <span>
          <Link to={`/party-orgs/${org.id}`} data-testid={`party-org-link-${org.name}`}>
            {name}
          </Link>
          {org.isDemo ? (
            <>
              {" "}
              <DemoTag />
            </>
          ) : null}
        </span>
      ),
    },
    { title: t("party.col.kind"), dataIndex: "kind", width: 170, render: (kind: TPartyOrg["kind"]) => label(PARTY_ORG_KIND_LABELS[kind]) },
    { title: t("party.col.grid"), key: "grid", width: 200, render: (_, org) => <GridCell name={org.gridName} code={org.gridCode} /> },
    { title: t("party.col.leader"), dataIndex: "leaderName", width: 110, render: (name: string | null) => name ?? "—" },
    { title: t("party.col.members"), dataIndex: "memberCount", width: 90, align: "right" },
  ];
  if (!canWrite) return columns;
  columns.push({
    title: t("party.col.actions"),
    key: "actions",
    fixed: isNarrow ? undefined : "right",
    width: 80,
    render: (_, org) => (
      <Button type="link" size="small" onClick={() => onEdit(org)} data-testid={`party-org-edit-${org.name}`}>
        {t("party.edit")}
      </Button>
    ),
  });
  return columns;
}
