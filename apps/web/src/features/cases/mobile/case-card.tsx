import { RightOutlined } from "@ant-design/icons";
import { SATISFACTION_LABELS } from "@caihong/contracts/constants";
import { Card, Flex, Tag, Typography, theme } from "antd";
import { Link } from "react-router";
import type { TCaseSummary } from "../../../api/cases";
import { formatDateTime } from "../../../i18n/format";
import { useI18n } from "../../../i18n/i18n";
import { SlaTag, StateTag } from "../case-tags";

interface CaseCardProps {
  item: TCaseSummary;
  /** Where a tap leads. */
  to: string;
  /** Show the handling deadline (tasks) instead of the rating (the reporter's list). */
  isTask?: boolean;
}

/**
 * One case in a phone list: number and state, category and grid, the description, and either the
 * deadline (red when overdue) or the rating. Test ids `case-card-<number>`, `case-card-state-<number>`.
 */
export function CaseCard({ item, to, isTask = false }: CaseCardProps) {
  const { t, label } = useI18n();
  const { token } = theme.useToken();
  const isOverdue = item.sla === "overdue";
  return (
    <Link to={to} data-testid={`case-card-${item.number}`} style={{ display: "block", color: "inherit" }}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.number}
          </Typography.Text>
          <span data-testid={`case-card-state-${item.number}`} data-state={item.state}>
            <StateTag state={item.state} />
          </span>
        </Flex>
        <Flex align="center" gap={8} style={{ marginTop: 4 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text strong ellipsis style={{ display: "block" }}>
              {[item.categoryName, item.gridName].filter(Boolean).join(" · ")}
            </Typography.Text>
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 13 }}>
              {item.description}
            </Typography.Paragraph>
          </div>
          <RightOutlined style={{ color: token.colorTextTertiary }} />
        </Flex>
        <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 6, fontSize: 12 }}>
          {isTask && item.handleDueAt ? (
            <Typography.Text style={{ fontSize: 12, color: isOverdue ? token.colorError : undefined }}>
              {t("mobile.case.dueAt", { at: formatDateTime(item.handleDueAt) })}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("mobile.case.reportedAt", { at: formatDateTime(item.reportedAt) })}
            </Typography.Text>
          )}
          {isTask && item.sla !== "none" ? <SlaTag sla={item.sla} /> : null}
          {!isTask && item.satisfaction ? <Tag color="gold">{label(SATISFACTION_LABELS[item.satisfaction])}</Tag> : null}
          {!isTask && item.state === "closed" && !item.satisfaction ? <Tag color="orange">{t("mobile.case.toRate")}</Tag> : null}
        </Flex>
      </Card>
    </Link>
  );
}
