import { PlusOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Spin, Typography } from "antd";
import { Link } from "react-router";
import { findCases } from "../../../api/cases";
import { useCursorList } from "../../../api/hooks";
import { LoadMore } from "../../../components/load-more";
import { LoadError } from "../../../components/status-pages";
import { useI18n } from "../../../i18n/i18n";
import { CaseCard } from "./case-card";

/** `/my-reports`: the problems the signed-in resident reported, newest first. */
export function MyReportsPage() {
  const { t } = useI18n();
  const list = useCursorList((cursor) => findCases({ reportedByMe: "true" }, cursor), []);

  return (
    <div data-testid="my-reports-page">
      <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("mobile.myReports.title")}
        </Typography.Title>
        <Link to="/report">
          <Button type="primary" icon={<PlusOutlined />} data-testid="my-reports-new">
            {t("mobile.myReports.new")}
          </Button>
        </Link>
      </Flex>
      {list.error ? <LoadError onRetry={list.reload} /> : null}
      {list.loading ? <Spin style={{ display: "block", margin: "48px auto" }} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty description={t("mobile.myReports.empty")} data-testid="my-reports-empty" />
      ) : null}
      <Flex vertical gap={8} data-testid="my-reports-list">
        {list.items.map((item) => (
          <CaseCard key={item.id} item={item} to={`/my-reports/${item.id}`} />
        ))}
      </Flex>
      <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </div>
  );
}
