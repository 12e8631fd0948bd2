import { CameraOutlined } from "@ant-design/icons";
import { Button, Card, Col, Empty, Flex, Row, Segmented, Spin, Statistic, Typography } from "antd";
import { Link, useSearchParams } from "react-router";
import { findCases, getInbox, type TCaseFilters } from "../../../api/cases";
import { useCursorList, useRequest } from "../../../api/hooks";
import { useSession } from "../../../app/session";
import { LoadMore } from "../../../components/load-more";
import { LoadError } from "../../../components/status-pages";
import { useI18n, type MessageKey } from "../../../i18n/i18n";
import { CaseCard } from "./case-card";

type TaskTab = "todo" | "doing" | "reported";

const TABS: Record<TaskTab, { labelKey: MessageKey; filters: TCaseFilters }> = {
  /** 待签收: dispatched to me, not yet acknowledged. */
  todo: { labelKey: "mobile.tasks.todo", filters: { mine: "true", state: "dispatched", sort: "due_asc" } },
  /** 处置中: acknowledged or being worked on, or waiting for a return to be decided. */
  doing: { labelKey: "mobile.tasks.doing", filters: { mine: "true", state: "acknowledged,in_progress,return_requested", sort: "due_asc" } },
  /** 我上报的: what I reported on patrol. */
  reported: { labelKey: "mobile.tasks.reported", filters: { reportedByMe: "true" } },
};

const isTab = (value: string | null): value is TaskTab => value !== null && value in TABS;

/** Assigned, due soon and overdue counts from the inbox. */
function InboxStrip() {
  const { t } = useI18n();
  const inbox = useRequest(() => getInbox(), []);
  const counts = inbox.data?.counts;
  const tiles: { key: "assigned" | "dueSoon" | "overdue"; labelKey: MessageKey; color?: string }[] = [
    { key: "assigned", labelKey: "mobile.tasks.assigned" },
    { key: "dueSoon", labelKey: "mobile.tasks.dueSoon", color: "#fa8c16" },
    { key: "overdue", labelKey: "mobile.tasks.overdue", color: "#f5222d" },
  ];
  return (
    <Card size="small" styles={{ body: { padding: "8px 12px" } }}>
      <Row gutter={8}>
        {tiles.map((tile) => (
          <Col span={8} key={tile.key} style={{ textAlign: "center" }}>
            <Statistic
              title={<span style={{ fontSize: 12 }}>{t(tile.labelKey)}</span>}
              value={counts ? counts[tile.key] : "–"}
              styles={{ content: { fontSize: 20, color: counts && counts[tile.key] > 0 ? tile.color : undefined } }}
              data-testid={`tasks-count-${tile.key}`}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/**
 * `/tasks`: the grid worker's phone list — 待签收, 处置中 and what they reported — with the inbox
 * counts and the 巡查上报 entry. The tab is kept in `?tab=` so going back returns to it.
 */
export function TasksPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab: TaskTab = isTab(params.get("tab")) ? (params.get("tab") as TaskTab) : "todo";
  const list = useCursorList((cursor) => findCases(TABS[tab].filters, cursor), [tab]);

  return (
    <Flex vertical gap={12} data-testid="tasks-page">
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("mobile.tasks.title")}
        </Typography.Title>
        {can("cases.report") ? (
          <Link to="/tasks/patrol">
            <Button type="primary" icon={<CameraOutlined />} data-testid="tasks-patrol">
              {t("mobile.patrol.title")}
            </Button>
          </Link>
        ) : null}
      </Flex>
      <InboxStrip />
      <Segmented<TaskTab>
        block
        value={tab}
        onChange={(next) => setParams({ tab: next }, { replace: true })}
        options={(Object.keys(TABS) as TaskTab[]).map((value) => ({
          value,
          label: <span data-testid={`tasks-tab-${value}`}>{t(TABS[value].labelKey)}</span>,
        }))}
      />
      {list.error ? <LoadError onRetry={list.reload} /> : null}
      {list.loading ? <Spin style={{ display: "block", margin: "32px auto" }} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <Empty description={t("mobile.tasks.empty")} data-testid="tasks-empty" /> : null}
      <Flex vertical gap={8} data-testid="tasks-list">
        {list.items.map((item) => (
          <CaseCard key={item.id} item={item} to={`/tasks/${item.id}`} isTask={tab !== "reported"} />
        ))}
      </Flex>
      <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </Flex>
  );
}
