import { SearchOutlined } from "@ant-design/icons";
import { LIMITS } from "@caihong/contracts/constants";
import { Input } from "antd";
import { useState, type CSSProperties } from "react";

interface SearchInputProps {
  /** The query in force (undefined when none); typing does not change it until applied. */
  value: string | undefined;
  /** Receives the trimmed query, undefined when blank; called only when it differs from `value`. */
  onSearch: (q: string | undefined) => void;
  placeholder: string;
  /** `data-testid` of the input (apps/web/TESTIDS.md). */
  testId: string;
  style?: CSSProperties;
}

/**
 * Search box above a list: the query applies on Enter or when the box loses focus, not on every
 * key, so a list is not fetched per keystroke; clearing the box (× or select-all + delete) drops it at once.
 */
export function SearchInput({ value, onSearch, placeholder, testId, style }: SearchInputProps) {
  const [text, setText] = useState(value ?? "");
  const apply = (next: string) => {
    const q = next.trim() || undefined;
    if (q !== value) onSearch(q);
  };
  return (
    <Input
      allowClear
      prefix={<SearchOutlined />}
      placeholder={placeholder}
      aria-label={placeholder}
      maxLength={LIMITS.search.max}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        if (!event.target.value) apply("");
      }}
      onPressEnter={() => apply(text)}
      onBlur={() => apply(text)}
      style={style}
      data-testid={testId}
    />
  );
}
