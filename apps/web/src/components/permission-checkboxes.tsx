import type { TPermission } from "@caihong/contracts";
import { PERMISSIONS, PERMISSION_LABELS } from "@caihong/contracts/constants";
import { Checkbox, Col, Row, Typography } from "antd";
import { useI18n } from "../i18n/i18n";

interface PermissionCheckboxesProps {
  value?: TPermission[];
  onChange?: (value: TPermission[]) => void;
  /** Only these may be ticked (API keys: the creator's own permissions); default all. */
  available?: readonly TPermission[];
  testIdPrefix?: string;
}

/** A checkbox per catalog permission, with its localized label and code. */
export function PermissionCheckboxes({ value, onChange, available = PERMISSIONS, testIdPrefix = "permission" }: PermissionCheckboxesProps) {
  const { label } = useI18n();
  return (
    <Checkbox.Group value={value} onChange={(next) => onChange?.(next as TPermission[])} style={{ width: "100%" }}>
      <Row gutter={[8, 8]}>
        {PERMISSIONS.filter((permission) => available.includes(permission)).map((permission) => (
          <Col key={permission} xs={24} sm={12}>
            <Checkbox value={permission} data-testid={`${testIdPrefix}-${permission}`}>
              {label(PERMISSION_LABELS[permission])}{" "}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {permission}
              </Typography.Text>
            </Checkbox>
          </Col>
        ))}
      </Row>
    </Checkbox.Group>
  );
}
