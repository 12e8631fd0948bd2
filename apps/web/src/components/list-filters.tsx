import { PlusOutlined } from "@ant-design/icons";
import type { TGridNode } from "@caihong/contracts";
import { Button, Checkbox, Flex, Select } from "antd";
import { useCallback, useState, type ReactNode } from "react";
import { ExportLink } from "./export-link";
import { useI18n } from "../i18n/i18n";
import { GridTreeSelect } from "./grid-tree-select";

/**
 * The filters of a list and a setter per key: `set("q")` is an onChange that replaces one filter
 * (undefined drops it) and keeps the others.
 */
export function useFilters<F extends object>(initial: F = {} as F) {
  const [filters, setFilters] = useState<F>(initial);
  const set = useCallback(<K extends keyof F>(key: K) => (value: F[K] | undefined) => setFilters((prev) => ({ ...prev, [key]: value })), []);
  return { filters, setFilters, set };
}

/**
 * The row of filters above a list. A filter has no visible label: its placeholder names it, and
 * each filter below gives the same text as its accessible name (aria-label) for screen readers.
 */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <Flex wrap gap={8} style={{ marginBottom: 16 }}>
      {children}
    </Flex>
  );
}

interface GridFilterProps {
  grids: readonly TGridNode[];
  value: string | undefined;
  onChange: (gridId: string | undefined) => void;
  placeholder: string;
  width: number;
  testId: string;
}

/** Narrows a list to a grid's subtree; not shown to callers who cannot read grids (unless a grid is already chosen). */
export function GridFilter({ grids, value, onChange, placeholder, width, testId }: GridFilterProps) {
  if (grids.length === 0 && !value) return null;
  return (
    <div style={{ width }}>
      <GridTreeSelect grids={grids} value={value ?? null} onChange={(gridId) => onChange(gridId ?? undefined)} placeholder={placeholder} ariaLabel={placeholder} data-testid={testId} />
    </div>
  );
}

interface ChoiceFilterProps<T extends string> {
  value: T | undefined;
  onChange: (value: T | undefined) => void;
  options: readonly { value: T; label: string }[];
  placeholder: string;
  width: number;
  testId: string;
}

/** One of a fixed set of values (a kind, a post, a status), or all when cleared. */
export function ChoiceFilter<T extends string>({ value, onChange, options, placeholder, width, testId }: ChoiceFilterProps<T>) {
  return (
    <Select<T>
      allowClear
      placeholder={placeholder}
      aria-label={placeholder}
      value={value}
      onChange={(next) => onChange(next ?? undefined)}
      options={options.map((option) => ({ ...option }))}
      popupMatchSelectWidth={false}
      style={{ width }}
      data-testid={testId}
    />
  );
}

/** A yes/no filter as the list queries take it (`"true"` / `"false"`), or both when cleared. */
export function YesNoFilter({ yes, no, ...props }: Omit<ChoiceFilterProps<"true" | "false">, "options" | "value"> & { value: string | undefined; yes: string; no: string }) {
  return (
    <ChoiceFilter<"true" | "false">
      {...props}
      value={props.value as "true" | "false" | undefined}
      options={[
        { value: "true", label: yes },
        { value: "false", label: no },
      ]}
    />
  );
}

/** The primary "new …" button of a list page. */
export function CreateButton({ onClick, testId, children }: { onClick: () => void; testId: string; children: ReactNode }) {
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick} data-testid={testId}>
      {children}
    </Button>
  );
}

/** Options for a ChoiceFilter from a value list and a contracts label table. */
export function useChoiceOptions<T extends string>(values: readonly T[], labels: Readonly<Record<T, Readonly<Record<"zh-CN" | "en", string>>>>) {
  const { label } = useI18n();
  return values.map((value) => ({ value, label: label(labels[value]) }));
}

/** A checkbox filter as the list queries take it: `"true"` when ticked, dropped when not. */
export function CheckFilter({ value, onChange, testId, children }: { value: string | undefined; onChange: (value: "true" | undefined) => void; testId: string; children: ReactNode }) {
  return (
    <Checkbox checked={value === "true"} onChange={(event) => onChange(event.target.checked ? "true" : undefined)} style={{ alignSelf: "center" }} data-testid={testId}>
      {children}
    </Checkbox>
  );
}

/** A list tab's toolbar: its filters on the left, its actions (export, create) on the right. */
export function ListToolbar({ filters, actions }: { filters: ReactNode; actions: ReactNode }) {
  return (
    <Flex wrap gap={8} style={{ marginBottom: 16 }} justify="space-between">
      <Flex wrap gap={8} style={{ flex: "1 1 600px" }}>
        {filters}
      </Flex>
      <Flex wrap gap={8}>
        {actions}
      </Flex>
    </Flex>
  );
}

/** A list's actions: its Excel export and, for those who may write, its create button. */
export function ListActions({ exportLink, create }: { exportLink: { href: string; label: string; testId: string }; create: { label: string; testId: string; onClick: () => void } | null }) {
  return (
    <>
      <ExportLink href={exportLink.href} label={exportLink.label} testId={exportLink.testId} />
      {create ? (
        <CreateButton onClick={create.onClick} testId={create.testId}>
          {create.label}
        </CreateButton>
      ) : null}
    </>
  );
}
