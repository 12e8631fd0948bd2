import type { TPerson } from "@caihong/contracts";
import { useState } from "react";
import { findPeople, type TPeopleFilters } from "../../api/people.api";
import { RemoteSelect } from "../../components/remote-select";
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
  /** Set by the Form.Item around the picker, for its label. */
  id?: string;
  "data-testid"?: string;
}

/** Picks a person by searching /people (name, or an exact phone number) as the user types. */
export function PersonSelect({ value, onChange, initialLabel, filters, placeholder, disabled, id, ...rest }: PersonSelectProps) {
  const { t } = useI18n();
  // The preselected person as it was when the picker opened.
  const [current] = useState(() => (value && initialLabel ? { value, label: initialLabel } : null));
  return (
    <RemoteSelect
      value={value}
      onChange={onChange}
      search={async (q) => (await findPeople({ ...filters, q }, undefined, 20)).items.map((person) => ({ value: person.id, label: personOptionLabel(person) }))}
      searchKey={JSON.stringify(filters ?? {})}
      current={current}
      placeholder={placeholder ?? t("people.picker.placeholder")}
      emptyText={t("people.picker.empty")}
      disabled={disabled}
      id={id}
      testId={rest["data-testid"]}
    />
  );
}
