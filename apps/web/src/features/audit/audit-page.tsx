import type { TAuditEntry } from "@caihong/contracts";
import { MinusSquareOutlined, PlusSquareOutlined } from "@ant-design/icons";
import { Button, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { findAudit } from "../../api/audit.api";
import { useCursorList } from "../../api/hooks";
import type { TAuditFilters } from "../../api/types";
import { PagedTable } from "../../components/paged-table";
import { PageHeader } from "../../components/page-header";
import { formatDateTimeSeconds } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { AuditChange } from "./audit-change";
import { AuditFilters } from "./audit-filters";

/** Colour by verb, so reveals and deletions stand out in a long list. */
function actionColor(action: string): string | undefined {
  if (action.endsWith(".unmask")) return "purple";
  if (/\.(delete|revoke|disable)$/.test(action)) return "red";
  if (action.endsWith(".create")) return "green";
  if (action.includes("login")) return "blue";
  return undefined;
}

/** 审计日志: who did what to which record, with before/after in an expandable row. */
export function AuditPage() {
  const { t } = useI18n();
  // The API labels machine actors with fixed English words; show them in the UI language.
  const actorText = (actor: string) => (actor === "system" ? t("audit.actor.system") : actor === "anonymous" ? t("audit.actor.anonymous") : actor);
  const [filters, setFilters] = useState<TAuditFilters>({});
  const list = useCursorList((cursor) => findAudit(filters, cursor), [filters]);

  const columns: TableColumnsType<TAuditEntry> = [
    { title: t("audit.col.at"), dataIndex: "at", width: 160, render: (at: string) => formatDateTimeSeconds(at) },
    { title: t("audit.col.actor"), dataIndex: "actorLabel", width: 140, render: (actor: string) => actorText(actor) },
    {
      title: t("audit.col.action"),
      dataIndex: "action",
      width: 170,
      render: (action: string) => (
        <Tag color={actionColor(action)} style={{ fontFamily: "monospace" }}>
          {action}
        </Tag>
      ),
    },
    {
      title: t("audit.col.entity"),
      key: "entity",
      width: 180,
      render: (_, entry) => (
        <span>
          {entry.entityType}
          {entry.entityId ? (
            <Typography.Text type="secondary" copyable={{ text: entry.entityId }} style={{ fontSize: 12, marginInlineStart: 6 }}>
              {entry.entityId.slice(0, 8)}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { title: t("audit.col.ip"), dataIndex: "ip", width: 120, render: (ip: string | null) => ip ?? "—" },
    {
      title: t("audit.col.requestId"),
      dataIndex: "requestId",
      width: 120,
      render: (id: string | null) =>
        id ? (
          <Typography.Text type="secondary" copyable={{ text: id }} style={{ fontSize: 12 }}>
            {id.slice(0, 10)}
          </Typography.Text>
        ) : (
          "—"
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t("audit.title")} />
      <AuditFilters onApply={setFilters} />
      <PagedTable
        list={list}
        columns={columns}
        size="small"
        emptyText={t("audit.empty")}
        rowTestId={() => "audit-row"}
        testId="audit-table"
        expandable={{
          expandedRowRender: (entry) => <AuditChange entry={entry} />,
          rowExpandable: (entry) => entry.before !== null || entry.after !== null,
          expandIcon: ({ expanded, expandable, record, onExpand }) =>
            expandable ? (
              <Button
                type="text"
                size="small"
                icon={expanded ? <MinusSquareOutlined /> : <PlusSquareOutlined />}
                onClick={(event) => onExpand(record, event)}
                aria-label={t("audit.showChange")}
                aria-expanded={expanded}
                data-testid="audit-expand"
              />
            ) : null,
        }}
      />
    </>
  );
}
