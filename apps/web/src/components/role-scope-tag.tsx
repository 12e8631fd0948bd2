import type { TScopeKind } from "@caihong/contracts";
import { Tag } from "antd";
import { useScopeText } from "./scope-text";

interface RoleScopeTagProps {
  roleName: string;
  scope: TScopeKind;
  gridName: string | null;
}

/** A role with its data scope, e.g. `网格长 · 爱博片区及下级`. */
export function RoleScopeTag({ roleName, scope, gridName }: RoleScopeTagProps) {
  const scopeText = useScopeText();
  return (
    <Tag color={scope === "all" ? "volcano" : "blue"} style={{ marginInlineEnd: 4, marginBlock: 2 }}>
      {roleName} · {scopeText(scope, gridName)}
    </Tag>
  );
}
