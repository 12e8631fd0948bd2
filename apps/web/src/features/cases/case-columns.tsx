import { Typography, type TableColumnsType } from "antd";
import type { TCaseSummary } from "../../api/cases";
import { formatDateTime } from "../../i18n/format";
import type { I18n } from "../../i18n/i18n";
import { UserText } from "../../components/user-text";

type CaseColumn = TableColumnsType<TCaseSummary>[number];

/** Category over the description: one column instead of two keeps a case list on one screen. */
export function problemColumn(t: I18n["t"], width: number): CaseColumn {
  return {
    title: t("cases.col.problem"),
    dataIndex: "description",
    width,
    render: (description: string, item) => (
      <div style={{ maxWidth: width }}>
        <Typography.Text strong style={{ fontSize: 13 }}>
          {item.categoryName}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ display: "block", fontSize: 13 }} ellipsis={{ tooltip: description }}>
          <UserText>{description}</UserText>
        </Typography.Text>
      </div>
    ),
  };
}

/** The case's grid. */
export function gridColumn(t: I18n["t"]): CaseColumn {
  return { title: t("cases.col.grid"), dataIndex: "gridName", width: 120, render: (name: string | null) => (name ? <UserText>{name}</UserText> : "—") };
}

/** When the case was reported. */
export function reportedAtColumn(t: I18n["t"]): CaseColumn {
  return { title: t("cases.col.reportedAt"), dataIndex: "reportedAt", width: 100, render: (at: string) => formatDateTime(at) };
}
