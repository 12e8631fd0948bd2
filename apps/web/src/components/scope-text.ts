import type { TScopeKind } from "@caihong/contracts";
import { SCOPE_LABELS } from "@caihong/contracts/constants";
import { useCallback } from "react";
import { useI18n } from "../i18n/i18n";

/** Returns a formatter for a scope: `全部`, `本人`, `爱博片区及下级`, `爱博片区`. */
export function useScopeText() {
  const { t, label } = useI18n();
  return useCallback(
    (scope: TScopeKind, gridName: string | null) => {
      if (scope === "subtree" && gridName) return t("scope.subtreeOf", { grid: gridName });
      if (scope === "grid" && gridName) return t("scope.gridOf", { grid: gridName });
      return label(SCOPE_LABELS[scope]);
    },
    [t, label],
  );
}
