import { InfoCircleOutlined } from "@ant-design/icons";
import { Card, Flex, Skeleton, Tooltip, Typography, theme } from "antd";
import type { TInboxCounts } from "../../api/cases";
import { useI18n } from "../../i18n/i18n";
import type { InboxTile, TileSpec } from "./queue-filters";

interface InboxTilesProps {
  tiles: readonly TileSpec[];
  counts: TInboxCounts | undefined;
  active: InboxTile | null;
  onPick: (tile: TileSpec) => void;
}

/** 待办: what waits for the caller, one clickable tile per inbox count. */
export function InboxTiles({ tiles, counts, active, onPick }: InboxTilesProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const toneColor = { normal: token.colorPrimary, warning: token.colorWarning, danger: token.colorError };
  return (
    <Flex wrap gap={12} style={{ marginBottom: 16 }} data-testid="case-inbox">
      {tiles.map((tile) => {
        const count = counts?.[tile.key];
        const isActive = active === tile.key;
        return (
          <Card
            key={tile.key}
            size="small"
            hoverable
            onClick={() => onPick(tile)}
            style={{ flex: "1 1 120px", minWidth: 120, maxWidth: 200, cursor: "pointer", borderColor: isActive ? toneColor[tile.tone] : undefined, boxShadow: isActive ? `0 0 0 1px ${toneColor[tile.tone]}` : undefined }}
            styles={{ body: { padding: "10px 14px" } }}
            data-testid={`case-inbox-${tile.key}`}
            role="button"
            aria-pressed={isActive}
          >
            <Flex align="center" gap={4}>
              <Typography.Text type="secondary" style={{ fontSize: 13 }} ellipsis={{ tooltip: t(tile.labelKey) }}>
                {t(tile.labelKey)}
              </Typography.Text>
              {tile.isApproximate ? (
                <Tooltip title={t("cases.inbox.approximate")}>
                  <InfoCircleOutlined style={{ fontSize: 12, color: token.colorTextTertiary }} />
                </Tooltip>
              ) : null}
            </Flex>
            {count === undefined ? (
              <Skeleton.Button active size="small" style={{ width: 40, marginTop: 4 }} />
            ) : (
              <div style={{ fontSize: 24, fontWeight: 600, lineHeight: "32px", color: count > 0 ? toneColor[tile.tone] : token.colorTextTertiary, fontVariantNumeric: "tabular-nums" }} data-testid={`case-inbox-${tile.key}-count`}>
                {count}
              </div>
            )}
          </Card>
        );
      })}
    </Flex>
  );
}
