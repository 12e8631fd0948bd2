import { Select } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useRequest } from "../../api/hooks";
import { findUsers, getUser } from "../../api/users.api";
import { useI18n } from "../../i18n/i18n";

interface UserSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  "data-testid"?: string;
}

/** Picks the staff account a person is linked to (their posts then grant it a scope). */
export function UserSelect({ value, onChange, ...rest }: UserSelectProps) {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const handle = setTimeout(() => setQuery(typed.trim()), 300);
    return () => clearTimeout(handle);
  }, [typed]);
  const result = useRequest(() => findUsers({ q: query || undefined }, undefined, 20), [query]);
  // The linked account may not be on the first page: read it once for its label.
  const linked = useRequest(() => getUser(value ?? ""), [value], Boolean(value));

  const options = useMemo(() => {
    const found = (result.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.displayName}（${user.username}）` }));
    const current = linked.data;
    if (current && current.id === value && !found.some((option) => option.value === current.id)) {
      found.unshift({ value: current.id, label: `${current.displayName}（${current.username}）` });
    }
    return found;
  }, [result.data, linked.data, value]);

  return (
    <Select<string>
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={result.loading}
      allowClear
      placeholder={t("people.form.userPlaceholder")}
      style={{ width: "100%" }}
      data-testid={rest["data-testid"]}
    />
  );
}
