import { Button, Flex, Typography } from "antd";
import { useI18n } from "../i18n/i18n";

interface LoadMoreProps {
  count: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** Footer of a cursor-paginated table: how many are loaded, and a "load more" button. */
export function LoadMore({ count, hasMore, loading, onLoadMore }: LoadMoreProps) {
  const { t } = useI18n();
  if (count === 0) return null;
  return (
    <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }} wrap>
      <Typography.Text type="secondary">
        {hasMore ? t("common.loadedCount", { count }) : t("common.allLoaded", { count })}
      </Typography.Text>
      {hasMore ? (
        <Button onClick={onLoadMore} loading={loading} data-testid="load-more">
          {t("common.loadMore")}
        </Button>
      ) : null}
    </Flex>
  );
}
