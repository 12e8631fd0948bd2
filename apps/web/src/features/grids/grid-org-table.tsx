import { CheckCircleTwoTone, EditOutlined, SwapOutlined } from "@ant-design/icons";
import { GRID_TYPE_LABELS, PARTY_ORG_KIND_LABELS, expectedOrgKind, type TGridType } from "@caihong/contracts/constants";
import { Button, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";
import { GRID_LEVEL } from "@caihong/domain/grids";
import { gridLevelLabel } from "../../components/grid-level";
import { testId } from "../../components/test-id";
import { useI18n } from "../../i18n/i18n";
import { hasViolation, type GridOrgRow } from "./grid-org-rows";

interface GridOrgTableProps {
  rows: GridOrgRow[];
  expandedKeys: readonly string[];
  onExpandedKeysChange: (keys: string[]) => void;
  /** Organisation data could be read (false without party.read or when it failed to load). */
  hasOrgs: boolean;
  canEdit: boolean;
  onEdit: (row: GridOrgRow) => void;
  loading: boolean;
}

/**
 * The grid tree (left columns) beside the party-organisation tree (right columns): each row is
 * one grid and the one organisation bound to it, so a missing, doubled or mismatched organisation
 * shows on the row where the one-to-one rule breaks.
 */
export function GridOrgTable({ rows, expandedKeys, onExpandedKeysChange, hasOrgs, canEdit, onEdit, loading }: GridOrgTableProps) {
  const { t, label } = useI18n();

  const columns: ColumnsType<GridOrgRow> = [
    {
      key: "grid",
      title: t("grids.col.gridTree"),
      children: [
        {
          key: "name",
          title: t("grids.col.grid"),
          render: (_, row) => (
            <span>
              <Typography.Text strong={row.grid.level <= GRID_LEVEL.disposal}>{row.grid.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                {row.grid.code}
              </Typography.Text>
            </span>
          ),
        },
        {
          key: "type",
          title: t("grids.col.type"),
          width: 150,
          render: (_, row) => {
            const type = GRID_TYPE_LABELS[row.grid.type as TGridType];
            return (
              <span style={{ whiteSpace: "nowrap" }}>
                {gridLevelLabel(row.grid.level, label)}
                {/* Only autonomous and micro grids come in several types. */}
                {type && row.grid.level >= GRID_LEVEL.autonomous ? <Typography.Text type="secondary"> · {label(type)}</Typography.Text> : null}
              </span>
            );
          },
        },
      ],
    },
    { key: "link", width: 40, align: "center", render: (_, row) => <SwapOutlined style={{ color: row.org && !hasViolation(row) ? "#52c41a" : "#ff4d4f" }} /> },
    {
      key: "org",
      title: t("grids.col.orgTree"),
      children: [
        {
          key: "orgName",
          title: t("grids.col.org"),
          render: (_, row) => {
            if (!hasOrgs) return <Typography.Text type="secondary">—</Typography.Text>;
            if (!row.org) return <Typography.Text type="danger">{t("grids.noOrg")}</Typography.Text>;
            return (
              <span>
                <Link to={`/party-orgs/${row.org.id}`}>{row.org.name}</Link>
                {row.extraOrgs.map((extra) => (
                  <span key={extra.id}>
                    {" / "}
                    <Link to={`/party-orgs/${extra.id}`}>
                      <Typography.Text type="danger">{extra.name}</Typography.Text>
                    </Link>
                  </span>
                ))}
              </span>
            );
          },
        },
        {
          key: "orgKind",
          title: t("grids.col.orgKind"),
          width: 190,
          render: (_, row) => {
            if (!row.org) return null;
            const expected = expectedOrgKind(row.grid.level, row.grid.type);
            const isMismatch = expected !== null && expected !== row.org.kind;
            return (
              <Tooltip title={isMismatch && expected ? t("grids.expectedKind", { kind: label(PARTY_ORG_KIND_LABELS[expected]) }) : undefined}>
                <Tag color={isMismatch ? "red" : "default"}>{label(PARTY_ORG_KIND_LABELS[row.org.kind])}</Tag>
              </Tooltip>
            );
          },
        },
      ],
    },
    {
      key: "status",
      title: t("grids.col.status"),
      width: 185,
      render: (_, row) => {
        if (!hasOrgs) return null;
        if (!hasViolation(row)) return <CheckCircleTwoTone twoToneColor="#52c41a" aria-label={t("grids.ok")} />;
        return (
          <span data-testid={`grids-violation-${row.grid.code}`}>
            {row.problems.map((problem) => (
              <Tooltip key={`${problem.kind}-${problem.orgId ?? ""}`} title={problem.message}>
                <Tag color="red" style={{ marginBlock: 2 }}>
                  {t(`grids.problemKind.${problem.kind}`)}
                </Tag>
              </Tooltip>
            ))}
            {row.extraOrgs.length > 0 ? (
              <Tag color="red" style={{ marginBlock: 2 }}>
                {t("grids.problemKind.duplicate_org")}
              </Tag>
            ) : null}
          </span>
        );
      },
    },
  ];
  if (canEdit) {
    columns.push({
      key: "actions",
      title: t("common.actions"),
      width: 72,
      fixed: "right",
      render: (_, row) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEdit(row)} aria-label={t("common.edit")} data-testid={`grid-edit-${row.grid.code}`} />
      ),
    });
  }

  return (
    <Table<GridOrgRow>
      rowKey="key"
      size="small"
      bordered
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: "max-content" }}
      expandable={{ expandedRowKeys: [...expandedKeys], onExpandedRowsChange: (keys) => onExpandedKeysChange(keys.map(String)), indentSize: 20 }}
      onRow={(row) => ({ ...testId(`grids-row-${row.grid.code}`), style: hasOrgs && hasViolation(row) ? { background: "#fff1f0" } : undefined })}
      locale={{ emptyText: t("grids.empty") }}
      data-testid="grids-tree"
    />
  );
}
