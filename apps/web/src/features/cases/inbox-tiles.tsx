import type { TInboxBucketKey } from "@caihong/contracts/constants";
import { Card, Flex, Skeleton, Typography, theme } from "antd";
import type { KeyboardEvent } from "react";
import { useI18n, type MessageKey } from "../../i18n/i18n";

/** A tile: one bucket of the inbox, its label and colour. */
export interface CountTile<K extends TInboxBucketKey = TInboxBucketKey> {
  key: K;
  labelKey: MessageKey;
  tone: "normal" | "warning" | "danger";
}

interface InboxTilesProps<K extends TInboxBucketKey> {
  tiles: readonly CountTile<K>[];
  counts: Partial<Record<TInboxBucketKey, number>> | undefined;
  active: K | null;
  onPick: (tile: CountTile<K>) => void;
  /** Phone: the tiles share one row in equal columns, smaller. */
  isCompact?: boolean;
  testIdPrefix?: string;
}

/**
 * 待办: what waits for the caller, one tile per inbox count. Every tile is a button that opens the
 * list it counts (the count comes from GET /inbox, the list from the same bucket's filters).
 * Its name is what it shows (label and count): no aria-label that could differ from the text (WCAG 2.5.3).
 */
export function InboxTiles<K extends TInboxBucketKey>({ tiles, counts, active, onPick, isCompact = false, testIdPrefix = "case-inbox" }: InboxTilesProps<K>) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const toneColor = { normal: token.colorPrimary, warning: token.colorWarning, danger: token.colorError };
  const onKey = (event: KeyboardEvent, tile: CountTile<K>) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onPick(tile);
    }
  };
  return (
    <div
      style={isCompact ? { display: "grid", gridTemplateColumns: `repeat(${tiles.length}, minmax(0, 1fr))`, gap: 6 } : { display: "flex", flexWrap: "wrap", gap: 12, marginBottom: 16 }}
      data-testid={testIdPrefix}
    >
      {tiles.map((tile) => {
        const count = counts?.[tile.key];
        const isActive = active === tile.key;
        const label = t(tile.labelKey);
        return (
          <Card
            key={tile.key}
            size="small"
            hoverable
            onClick={() => onPick(tile)}
            onKeyDown={(event) => onKey(event, tile)}
            tabIndex={0}
            style={{
              ...(isCompact ? { minWidth: 0 } : { flex: "1 1 120px", minWidth: 120, maxWidth: 200 }),
              cursor: "pointer",
              borderColor: isActive ? toneColor[tile.tone] : undefined,
              boxShadow: isActive ? `0 0 0 1px ${toneColor[tile.tone]}` : undefined,
            }}
            styles={{ body: { padding: isCompact ? "6px 4px" : "10px 14px", textAlign: isCompact ? "center" : undefined } }}
            data-testid={`${testIdPrefix}-${tile.key}`}
            role="button"
            aria-pressed={isActive}
          >
            <Flex align="center" justify={isCompact ? "center" : undefined} gap={4}>
              <Typography.Text type="secondary" style={{ fontSize: isCompact ? 12 : 13, lineHeight: 1.3 }} ellipsis={isCompact ? undefined : { tooltip: label }}>
                {label}
              </Typography.Text>
            </Flex>
            {count === undefined ? (
              <Skeleton.Button active size="small" style={{ width: 40, marginTop: 4 }} />
            ) : (
              <div
                style={{ fontSize: isCompact ? 20 : 24, fontWeight: 600, lineHeight: isCompact ? "28px" : "32px", color: count > 0 ? toneColor[tile.tone] : token.colorTextTertiary, fontVariantNumeric: "tabular-nums" }}
                data-testid={`${testIdPrefix}-${tile.key}-count`}
              >
                {count}
              </div>
            )}
          </Card>
        );
      })}
    </div>
  );
}
