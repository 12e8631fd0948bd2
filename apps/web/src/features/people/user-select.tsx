import type { TUser } from "@caihong/contracts";
import { useMemo } from "react";
import { useRequest } from "../../api/hooks";
import { findUsers, getUser } from "../../api/users.api";
import { RemoteSelect, type RemoteOption } from "../../components/remote-select";
import { useI18n } from "../../i18n/i18n";

/** `张三（zhangsan）`: an account as a picker shows it. */
export function userOption(user: Pick<TUser, "id" | "displayName" | "username">): RemoteOption {
  return { value: user.id, label: `${user.displayName}（${user.username}）` };
}

interface UserSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Set by the Form.Item around the picker, for its label. */
  id?: string;
  "data-testid"?: string;
}

/** Picks the staff account a person is linked to (their posts then grant it a scope). */
export function UserSelect({ value, onChange, id, ...rest }: UserSelectProps) {
  const { t } = useI18n();
  // The linked account may not be on the first page: read it once for its label.
  const linked = useRequest(() => getUser(value ?? ""), [value], Boolean(value));
  const current = useMemo(() => (linked.data ? userOption(linked.data) : null), [linked.data]);
  return (
    <RemoteSelect
      value={value}
      onChange={onChange}
      search={async (q) => (await findUsers({ q }, undefined, 20)).items.map(userOption)}
      current={current}
      placeholder={t("people.form.userPlaceholder")}
      id={id}
      testId={rest["data-testid"]}
    />
  );
}
