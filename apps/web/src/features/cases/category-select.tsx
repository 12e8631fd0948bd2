import { useCallback, useMemo, type CSSProperties } from "react";
import { listCaseCategories, type TCaseCategory } from "../../api/cases";
import { useRequest } from "../../api/hooks";
import { TreePicker } from "../../components/tree-picker";
import { useI18n } from "../../i18n/i18n";

const NO_CATEGORIES: TCaseCategory[] = [];

/** The category dictionary (大类 and 小类, flat, ordered by code). */
export function useCaseCategories() {
  const state = useRequest(() => listCaseCategories(), []);
  const categories = useMemo(() => [...(state.data?.items ?? NO_CATEGORIES)].sort((a, b) => a.code.localeCompare(b.code)), [state.data]);
  return { categories, isLoading: state.loading, error: state.error, reload: state.reload };
}

/** The category's name in the current language (English falls back to the Chinese name). */
export function useCategoryName() {
  const { locale } = useI18n();
  return useCallback((category: Pick<TCaseCategory, "name" | "nameEn">) => (locale === "en" && category.nameEn ? category.nameEn : category.name), [locale]);
}

interface CategorySelectProps {
  categories: readonly TCaseCategory[];
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  /** Only 小类 can be chosen (a report needs one); otherwise a 大类 filters all its 小类. */
  isLeafOnly?: boolean;
  /** Leave out inactive categories (new reports). */
  isActiveOnly?: boolean;
  allowClear?: boolean;
  style?: CSSProperties;
  /** The name read out when no form label names the picker (a filter bar's: its placeholder). */
  ariaLabel?: string;
  /** Set by a Form.Item: passed on so that its label names the picker. */
  id?: string;
  "data-testid"?: string;
}

/** Picks a category from the 大类 → 小类 tree, searchable by name and code. */
export function CategorySelect({ categories, value, onChange, placeholder, isLeafOnly, isActiveOnly, allowClear = true, style, ariaLabel, id, ...rest }: CategorySelectProps) {
  const name = useCategoryName();
  const treeData = useMemo(() => {
    const visible = categories.filter((category) => !isActiveOnly || category.active);
    return visible
      .filter((category) => category.parentId === null)
      .map((top) => ({
        value: top.id,
        title: `${top.code} ${name(top)}`,
        label: name(top),
        selectable: !isLeafOnly,
        children: visible
          .filter((child) => child.parentId === top.id)
          .map((child) => ({ value: child.id, title: `${child.code} ${name(child)}`, label: name(child), children: [] })),
      }));
  }, [categories, isActiveOnly, isLeafOnly, name]);
  return (
    <TreePicker treeData={treeData} value={value} onChange={onChange} placeholder={placeholder} allowClear={allowClear} style={style} ariaLabel={ariaLabel} id={id} testId={rest["data-testid"]} />
  );
}
