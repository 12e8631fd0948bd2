import { CASE_CHANNEL_LABELS, SATISFACTION_LABELS } from "@caihong/contracts/constants";
import { Card, Descriptions, Flex, Tag, Typography, theme } from "antd";
import type { ReactNode } from "react";
import type { TCaseDetail } from "../../../api/cases";
import { formatDateTime } from "../../../i18n/format";
import { useI18n } from "../../../i18n/i18n";
import { SlaTag, StateTag } from "../case-tags";
import { CasePhotos } from "./case-photos";

/** Where the staff view adds the assignee, the due time and the channel. */
interface CaseFactsProps {
  detail: TCaseDetail;
  isStaffView?: boolean;
  /** Below the facts (e.g. the map point). */
  children?: ReactNode;
}

/**
 * The case on a phone: number and state, category, description, place, times and the photos
 * sent with the report. For handlers also the channel, the deadline (red when overdue) and the
 * extension asked for. Test ids `case-number`, `case-state` (`data-state`), `case-due`.
 */
export function CaseFacts({ detail, isStaffView = false, children }: CaseFactsProps) {
  const { t, label } = useI18n();
  const { token } = theme.useToken();
  const isOverdue = detail.sla === "overdue";
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: "category", label: t("mobile.case.category"), children: detail.categoryName },
    { key: "address", label: t("mobile.case.address"), children: [detail.address, detail.gridName].filter(Boolean).join(" · ") || t("common.none") },
    { key: "reportedAt", label: t("mobile.case.reported"), children: formatDateTime(detail.reportedAt) },
  ];
  if (isStaffView) {
    items.push({ key: "channel", label: t("mobile.case.channel"), children: label(CASE_CHANNEL_LABELS[detail.channel]) });
    if (detail.handleDueAt) {
      items.push({
        key: "due",
        label: t("mobile.case.due"),
        children: (
          <span data-testid="case-due" data-overdue={isOverdue ? "true" : "false"} style={{ color: isOverdue ? token.colorError : undefined, fontWeight: isOverdue ? 600 : undefined }}>
            {formatDateTime(detail.handleDueAt)} {detail.sla !== "none" ? <SlaTag sla={detail.sla} /> : null}
          </span>
        ),
      });
    }
    if (detail.extensionRequest) {
      items.push({ key: "extension", label: t("mobile.case.extensionAsked"), children: formatDateTime(detail.extensionRequest.dueAt) });
    }
    if (detail.assignee) items.push({ key: "assignee", label: t("mobile.case.assignee"), children: detail.assignee.label });
  }
  if (detail.closedAt) items.push({ key: "closedAt", label: t("mobile.case.closed"), children: formatDateTime(detail.closedAt) });
  if (detail.satisfaction) items.push({ key: "satisfaction", label: t("mobile.case.satisfaction"), children: label(SATISFACTION_LABELS[detail.satisfaction]) });
  const reportPhotos = detail.photos.filter((photo) => photo.kind === "report");

  return (
    <Card size="small" data-testid="case-facts">
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong copyable data-testid="case-number">
          {detail.number}
        </Typography.Text>
        <Flex gap={4} align="center">
          {detail.anonymous ? <Tag style={{ marginInlineEnd: 0 }}>{t("mobile.case.anonymous")}</Tag> : null}
          <span data-testid="case-state" data-state={detail.state}>
            <StateTag state={detail.state} />
          </span>
        </Flex>
      </Flex>
      <Typography.Paragraph style={{ margin: "8px 0", whiteSpace: "pre-wrap" }} data-testid="case-description">
        {detail.description}
      </Typography.Paragraph>
      {reportPhotos.length ? (
        <div style={{ marginBottom: 8 }}>
          <CasePhotos photos={reportPhotos} testId="case-photos" />
        </div>
      ) : null}
      <Descriptions column={1} size="small" items={items} />
      {children}
    </Card>
  );
}
