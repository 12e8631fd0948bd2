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
import { UserText } from "../../components/user-text";
import { ActorLabel } from "../cases/actor-label";
import { AuditChange } from "./audit-change";
import { auditSentence } from "./audit-sentence";
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
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<TAuditFilters>({});
  const list = useCursorList((cursor) => findAudit(filters, cursor), [filters]);

  const columns: TableColumnsType<TAuditEntry> = [
    { title: t("audit.col.at"), dataIndex: "at", width: 160, render: (at: string) => formatDateTimeSeconds(at) },
    // The API labels machine actors with fixed English words (system, anonymous, cli): shown in the UI language.
    { title: t("audit.col.actor"), dataIndex: "actorLabel", width: 150, render: (actor: string) => <ActorLabel label={actor} /> },
    {
      title: t("audit.col.action"),
      key: "action",
      render: (_, entry) => {
        const sentence = auditSentence(entry, locale);
        return (
          <div data-testid="audit-sentence" data-action={entry.action}>
            {sentence.isKnown ? (
              <span>
                {sentence.before}
                {sentence.subject ? <UserText>{sentence.subject}</UserText> : null}
                {sentence.after}
              </span>
            ) : null}
            <div>
              <Tag color={actionColor(entry.action)} style={{ fontFamily: "monospace", fontSize: 11, marginTop: sentence.isKnown ? 2 : 0 }}>
                {entry.action}
              </Tag>
              {entry.entityId ? (
                <Typography.Text type="secondary" copyable={{ text: entry.entityId }} style={{ fontSize: 12 }}>
                  {entry.entityId.slice(0, 8)}
                </Typography.Text>
              ) : null}
            </div>
          </div>
        );
      },
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
