import type { TUnitKind } from "@caihong/contracts";
import { UNIT_KIND_LABELS, UNIT_KINDS } from "@caihong/contracts/constants";
import { Flex, Form, Select, Typography } from "antd";
import { useState } from "react";
import { findUnits } from "../../api/units.api";
import { findUsers } from "../../api/users.api";
import { useSession } from "../../app/session";
import { RemoteSelect } from "../../components/remote-select";
import { userOption } from "../people/user-select";
import { useI18n } from "../../i18n/i18n";

interface PickerProps {
  /** Set by the Form.Item around the picker, for its label. */
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
}

/** Active staff accounts, searchable by name, username or full phone. */
function UserPicker(props: PickerProps) {
  const { t } = useI18n();
  return (
    <RemoteSelect
      {...props}
      search={async (q) => (await findUsers({ q, status: "active" }, undefined, 20)).items.map(userOption)}
      placeholder={t("cases.assignee.userPlaceholder")}
      testId="case-assignee-user"
    />
  );
}

/** Units in the area, narrowed by kind (the category's default kind first) and name. */
function UnitPicker({ kind, ...props }: PickerProps & { kind: TUnitKind | undefined }) {
  const { t } = useI18n();
  return (
    <RemoteSelect
      {...props}
      search={async (q) => (await findUnits({ q, kind }, undefined, 30)).items.map((unit) => ({ value: unit.id, label: unit.gridName ? `${unit.name}（${unit.gridName}）` : unit.name }))}
      searchKey={kind}
      placeholder={t("cases.assignee.unitPlaceholder")}
      testId="case-assignee-unit"
    />
  );
}

/** Form values of the assignee fields (inside a Form, under `assignee`). */
export interface AssigneeValues {
  userId?: string;
  unitId?: string;
}

/**
 * 派遣对象: a person (account), a unit, or both (the unit with its contact person). The person list
 * needs users.read and the unit list units.read; without either only the other is offered.
 */
export function AssigneeFields({ defaultUnitKind }: { defaultUnitKind: TUnitKind | null }) {
  const { t, label } = useI18n();
  const { can } = useSession();
  const canUsers = can("users.read");
  const canUnits = can("units.read");
  const [kind, setKind] = useState<TUnitKind | undefined>(defaultUnitKind ?? undefined);
  return (
    <>
      {canUsers ? (
        <Form.Item name={["assignee", "userId"]} label={t("cases.assignee.user")}>
          <UserPicker />
        </Form.Item>
      ) : null}
      {canUnits ? (
        <Form.Item label={t("cases.assignee.unit")} extra={defaultUnitKind ? t("cases.assignee.defaultKind", { kind: label(UNIT_KIND_LABELS[defaultUnitKind]) }) : undefined}>
          <Flex gap={8}>
            <Select<TUnitKind>
              allowClear
              value={kind}
              onChange={(next) => setKind(next ?? undefined)}
              options={UNIT_KINDS.map((value) => ({ value, label: label(UNIT_KIND_LABELS[value]) }))}
              placeholder={t("cases.assignee.kind")}
              popupMatchSelectWidth={false}
              style={{ width: 150, flex: "none" }}
              data-testid="case-assignee-kind"
            />
            <Form.Item name={["assignee", "unitId"]} noStyle>
              <UnitPicker kind={kind} />
            </Form.Item>
          </Flex>
        </Form.Item>
      ) : null}
      {!canUsers && !canUnits ? <Typography.Text type="danger">{t("cases.assignee.none")}</Typography.Text> : null}
    </>
  );
}

/** The assignee as the contract takes it, or undefined when neither was picked. */
export function assigneeOf(values: AssigneeValues | undefined): { userId?: string; unitId?: string } | undefined {
  if (!values?.userId && !values?.unitId) return undefined;
  return { ...(values.userId ? { userId: values.userId } : {}), ...(values.unitId ? { unitId: values.unitId } : {}) };
}
