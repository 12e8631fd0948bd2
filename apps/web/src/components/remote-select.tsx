import { Select } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useRequest } from "../api/hooks";

/** One record offered by a RemoteSelect. */
export interface RemoteOption {
  value: string;
  label: string;
}

interface RemoteSelectProps {
  value?: string | null;
  /** The picked id, null when cleared (inside a Form.Item, the field's value). */
  onChange?: (value: string | null) => void;
  /** The records matching the typed text (undefined when blank), as options. */
  search: (q: string | undefined) => Promise<RemoteOption[]>;
  /** Anything else the search depends on (a filter): a change searches again. */
  searchKey?: string;
  /** The option of a value set before (an edited record), kept in the list though the first page of results may not hold it. */
  current?: RemoteOption | null;
  placeholder: string;
  /** Said when nothing matches; antd's empty picture when not given. */
  emptyText?: string;
  disabled?: boolean;
  testId?: string;
  /** Set by a Form.Item (through the pickers built on this one): its label's `for` names the select. */
  id?: string;
}

/** Typing settles 300 ms after the last key, so the server is asked once per pause, not per key. */
const SETTLE_MS = 300;

/**
 * A select whose options come from the server as the user types (accounts, units, people, cases):
 * the typed text settles, then `search` runs; stale answers are dropped. The picked option stays
 * labelled while later searches no longer list it.
 */
export function RemoteSelect({ value, onChange, search, searchKey = "", current = null, placeholder, emptyText, disabled, testId, id }: RemoteSelectProps) {
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<RemoteOption | null>(null);
  useEffect(() => {
    const handle = setTimeout(() => setQuery(typed.trim()), SETTLE_MS);
    return () => clearTimeout(handle);
  }, [typed]);
  const result = useRequest(() => search(query || undefined), [query, searchKey]);

  const options = useMemo(() => {
    const found = result.data ?? [];
    const kept = [picked, current].find((option) => option && option.value === value);
    return kept && !found.some((option) => option.value === kept.value) ? [kept, ...found] : found;
  }, [result.data, picked, current, value]);

  return (
    <Select<string, RemoteOption>
      id={id}
      value={value ?? undefined}
      onChange={(next, option) => {
        setPicked(next && option && !Array.isArray(option) ? { value: next, label: option.label } : null);
        onChange?.(next ?? null);
      }}
      options={options}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={result.loading}
      allowClear
      disabled={disabled}
      placeholder={placeholder}
      notFoundContent={emptyText === undefined ? undefined : result.loading ? null : emptyText}
      style={{ width: "100%" }}
      data-testid={testId}
    />
  );
}
