import { TreeSelect } from "antd";
import type { CSSProperties } from "react";

/** A node of a TreePicker: `title` is searched and listed, `label` shown once picked. */
export interface TreePickerNode {
  value: string;
  title: string;
  label: string;
  selectable?: boolean;
  children: TreePickerNode[];
}

interface TreePickerProps {
  treeData: TreePickerNode[];
  value?: string | null;
  /** The picked id, null when cleared. */
  onChange?: (value: string | null) => void;
  placeholder?: string;
  loading?: boolean;
  allowClear?: boolean;
  treeDefaultExpandedKeys?: string[];
  style?: CSSProperties;
  testId?: string;
  /** The name read out when no form label names the picker (a filter bar's picker: its placeholder). */
  ariaLabel?: string;
  /** Set by a Form.Item: its label's `for` points here, which names the picker. */
  id?: string;
}

/** Picks one node of a tree (grids, case categories), searchable by its title. */
export function TreePicker({ treeData, value, onChange, placeholder, loading, allowClear = true, treeDefaultExpandedKeys, style, testId, ariaLabel, id }: TreePickerProps) {
  return (
    <TreeSelect
      id={id}
      data-testid={testId}
      aria-label={ariaLabel}
      treeData={treeData}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      placeholder={placeholder}
      loading={loading}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: "title" }}
      treeNodeLabelProp="label"
      treeDefaultExpandedKeys={treeDefaultExpandedKeys}
      popupMatchSelectWidth={false}
      style={{ width: "100%", ...style }}
    />
  );
}
