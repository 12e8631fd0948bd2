import type { TGridNode } from "@caihong/contracts";
import { useMemo } from "react";
import { useI18n } from "../i18n/i18n";
import { gridLevelLabel } from "./grid-level";
import { TreePicker, type TreePickerNode } from "./tree-picker";

/** Nests the flat grid list under parents, ordered by code; orphans become roots. */
export function buildGridTree(grids: readonly TGridNode[], levelLabel: (level: number) => string): TreePickerNode[] {
  const nodes = new Map<string, TreePickerNode>();
  const sorted = [...grids].sort((a, b) => a.code.localeCompare(b.code));
  for (const grid of sorted) {
    const level = levelLabel(grid.level);
    nodes.set(grid.id, { value: grid.id, title: level ? `${grid.name}（${level}）` : grid.name, label: grid.name, children: [] });
  }
  const roots: TreePickerNode[] = [];
  for (const grid of sorted) {
    const node = nodes.get(grid.id)!;
    const parent = grid.parentId ? nodes.get(grid.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

interface GridTreeSelectProps {
  grids: readonly TGridNode[];
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  loading?: boolean;
  allowClear?: boolean;
  /** The name read out when no form label names the picker (GridFilter: its placeholder). */
  ariaLabel?: string;
  /** Set by a Form.Item: passed on so that its label names the picker. */
  id?: string;
  "data-testid"?: string;
}

/** Picks one grid from the sub-district's grid tree (searchable by name). */
export function GridTreeSelect({ grids, value, onChange, placeholder, loading, allowClear = true, ariaLabel, id, ...rest }: GridTreeSelectProps) {
  const { t, label } = useI18n();
  const treeData = useMemo(
    () => buildGridTree(grids, (level) => gridLevelLabel(level, label)),
    [grids, label],
  );
  const topIds = useMemo(() => treeData.map((node) => node.value), [treeData]);
  return (
    <TreePicker
      treeData={treeData}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? t("scope.gridPlaceholder")}
      loading={loading}
      allowClear={allowClear}
      treeDefaultExpandedKeys={topIds}
      testId={rest["data-testid"]}
      ariaLabel={ariaLabel}
      id={id}
    />
  );
}
