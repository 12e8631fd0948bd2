import type { CSSProperties, ReactNode } from "react";

const CJK = /[\u3400-\u9fff]/;

/**
 * Text that is data, not interface: what people typed (descriptions, notes, reasons, addresses)
 * and the names of people, places, grids and organisations. It is shown as recorded whatever the
 * interface language (docs/adr/0012-reference-date-and-languages.md); `lang` tells screen readers
 * which voice to use, and `data-user-text` lets the English-interface check skip it.
 */
export function UserText({ children, style, testId }: { children: ReactNode; style?: CSSProperties; testId?: string }) {
  const text = typeof children === "string" ? children : null;
  return (
    <span data-user-text="" lang={text !== null && CJK.test(text) ? "zh-CN" : undefined} style={style} data-testid={testId}>
      {children}
    </span>
  );
}
