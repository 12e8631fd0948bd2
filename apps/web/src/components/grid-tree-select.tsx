import type { TGridNode } from "@caihong/contracts";
import { TreeSelect } from "antd";
import { useMemo } from "react";
import { useI18n } from "../i18n/i18n";
import { gridLevelLabel } from "./grid-level";

interface GridTreeNode {
  value: string;
  title: string;
  label: string;
  children: GridTreeNode[];
}

/** Nests the flat grid list under parents, ordered by code; orphans become roots. */
export function buildGridTree(grids: readonly TGridNode[], levelLabel: (level: number) => string): GridTreeNode[] {
  const nodes = new Map<string, GridTreeNode>();
  const sorted = [...grids].sort((a, b) => a.code.localeCompare(b.code));
  for (const grid of sorted) {
    const level = levelLabel(grid.level);
    nodes.set(grid.id, { value: grid.id, title: level ? `${grid.name}（${level}）` : grid.name, label: grid.name, children: [] });
  }
  const roots: GridTreeNode[] = [];
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
  "data-testid"?: string;
}

/** Picks one grid from the sub-district's grid tree (searchable by name). */
export function GridTreeSelect({ grids, value, onChange, placeholder, loading, allowClear = true, ...rest }: GridTreeSelectProps) {
  const { t, label } = useI18n();
  const treeData = useMemo(
    () => buildGridTree(grids, (level) => gridLevelLabel(level, label)),
    [grids, label],
  );
  const topIds = useMemo(() => treeData.map((node) => node.value), [treeData]);
  return (
    <TreeSelect
      data-testid={rest["data-testid"]}
      treeData={treeData}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      placeholder={placeholder ?? t("scope.gridPlaceholder")}
      loading={loading}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: "title" }}
      treeNodeLabelProp="label"
      treeDefaultExpandedKeys={topIds}
      popupMatchSelectWidth={false}
      style={{ width: "100%" }}
    />
  );
}
