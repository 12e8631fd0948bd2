import type { TPerson } from "@caihong/contracts";
import { Select } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useRequest } from "../../api/hooks";
import { findPeople, type TPeopleFilters } from "../../api/people.api";
import { useI18n } from "../../i18n/i18n";

/** `张三 · 爱博一村 · 138****1234`: enough to tell namesakes apart without revealing anything. */
export function personOptionLabel(person: Pick<TPerson, "name" | "gridName" | "phoneMasked">): string {
  return [person.name, person.gridName, person.phoneMasked].filter(Boolean).join(" · ");
}

interface PersonSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Label of a preselected person that the first page of results may not contain. */
  initialLabel?: string;
  /** Extra filters, e.g. only party members. */
  filters?: TPeopleFilters;
  placeholder?: string;
  disabled?: boolean;
  "data-testid"?: string;
}

/** Picks a person by searching /people (name, or an exact phone number) as the user types. */
export function PersonSelect({ value, onChange, initialLabel, filters, placeholder, disabled, ...rest }: PersonSelectProps) {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(value && initialLabel ? { value, label: initialLabel } : null);
  // Wait for a pause in typing before asking the server.
  useEffect(() => {
    const handle = setTimeout(() => setQuery(typed.trim()), 300);
    return () => clearTimeout(handle);
  }, [typed]);
  const filterKey = JSON.stringify(filters ?? {});
  const result = useRequest(() => findPeople({ ...filters, q: query || undefined }, undefined, 20), [query, filterKey]);

  const options = useMemo(() => {
    const found = (result.data?.items ?? []).map((person) => ({ value: person.id, label: personOptionLabel(person) }));
    if (picked && picked.value === value && !found.some((option) => option.value === picked.value)) found.unshift(picked);
    return found;
  }, [result.data, picked, value]);

  return (
    <Select<string>
      value={value ?? undefined}
      onChange={(next, option) => {
        const chosen = Array.isArray(option) ? undefined : option;
        setPicked(next && chosen ? { value: next, label: String(chosen.label) } : null);
        onChange?.(next ?? null);
      }}
      options={options}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={result.loading}
      allowClear
      disabled={disabled}
      placeholder={placeholder ?? t("people.picker.placeholder")}
      notFoundContent={result.loading ? null : t("people.picker.empty")}
      style={{ width: "100%" }}
      data-testid={rest["data-testid"]}
    />
  );
}
