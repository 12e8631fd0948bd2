import { CameraOutlined } from "@ant-design/icons";
import { inboxBucketQuery } from "@caihong/contracts/constants";
import { Button, Empty, Flex, Spin, Typography } from "antd";
import { Link, useSearchParams } from "react-router";
import { findCases, getInbox } from "../../../api/cases";
import { useCursorList, useRequest } from "../../../api/hooks";
import { useSession } from "../../../app/session";
import { LoadMore } from "../../../components/load-more";
import { LoadError } from "../../../components/status-pages";
import { useI18n } from "../../../i18n/i18n";
import { InboxTiles, type CountTile } from "../inbox-tiles";
import { CaseCard } from "./case-card";

type TaskTab = "todo" | "doing" | "dueSoon" | "overdue" | "reported";

/** Each tab is one bucket of the inbox: its tile shows the bucket's count and opens its list. */
const TABS: Record<TaskTab, CountTile & { sort?: "due_asc" }> = {
  /** 待签收: dispatched to me, not yet acknowledged. */
  todo: { key: "myTodo", labelKey: "mobile.tasks.todo", tone: "normal", sort: "due_asc" },
  /** 处置中: acknowledged or being worked on, or waiting for a return to be decided. */
  doing: { key: "myDoing", labelKey: "mobile.tasks.doing", tone: "normal", sort: "due_asc" },
  /** 临期: mine, past 80 % of the time limit. */
  dueSoon: { key: "myDueSoon", labelKey: "mobile.tasks.dueSoon", tone: "warning", sort: "due_asc" },
  /** 超期: mine, past the time limit. */
  overdue: { key: "myOverdue", labelKey: "mobile.tasks.overdue", tone: "danger", sort: "due_asc" },
  /** 我上报的: what I reported on patrol. */
  reported: { key: "myReports", labelKey: "mobile.tasks.reported", tone: "normal" },
};
const TAB_KEYS = Object.keys(TABS) as TaskTab[];

const isTab = (value: string | null): value is TaskTab => value !== null && value in TABS;

/**
 * `/tasks`: the grid worker's phone list — 待签收, 处置中, 临期, 超期 and what they reported — as
 * tiles with the inbox's counts of the caller's own cases (a dispatcher's 超期 of the whole area
 * belongs on the workbench, not here), each opening its list; and the 巡查上报 entry. The tab is
 * kept in `?tab=` so going back returns to it.
 */
export function TasksPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab: TaskTab = isTab(params.get("tab")) ? (params.get("tab") as TaskTab) : "todo";
  const canDispatch = can("cases.dispatch");
  const inbox = useRequest(() => getInbox(), []);
  const list = useCursorList((cursor) => findCases({ ...inboxBucketQuery(TABS[tab].key, canDispatch), sort: TABS[tab].sort }, cursor), [tab, canDispatch]);

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
      <InboxTiles
        tiles={TAB_KEYS.map((key) => TABS[key])}
        counts={inbox.data?.counts}
        active={TABS[tab].key}
        onPick={(tile) => setParams({ tab: TAB_KEYS.find((key) => TABS[key].key === tile.key)! }, { replace: true })}
        isCompact
        testIdPrefix="tasks-tile"
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
