import type { TCategoryField } from "@caihong/contracts";
import { LIMITS } from "@caihong/contracts/constants";
import { Checkbox, Form, Input, InputNumber, Radio } from "antd";
import dayjs from "dayjs";
import type { ChangeEvent } from "react";
import { DISPLAY_TIME_ZONE } from "../../../i18n/format";
import { useI18n } from "../../../i18n/i18n";
import { fieldDescription, fieldLabel, optionName } from "../dictionary";

/** What the form holds for an extra field before it is sent (times as ISO strings). */
export type FieldValue = string | number | string[] | null | undefined;

/**
 * A native date-time input (the phone's own wheel picker; antd's panel is wider than a phone) that
 * reads and writes ISO instants, typed in Shanghai time whatever the device's zone.
 */
export const localDateTime = {
  getValueProps: (iso: string | undefined) => ({ value: iso ? dayjs(iso).tz(DISPLAY_TIME_ZONE).format("YYYY-MM-DDTHH:mm") : "" }),
  getValueFromEvent: (event: ChangeEvent<HTMLInputElement>) => (event.target.value ? dayjs.tz(event.target.value, DISPLAY_TIME_ZONE).toISOString() : undefined),
};

/**
 * A category's extra fields (its Open311 attributes) under `attributes.<code>`, so a server
 * problem on `body.attributes.<code>` lands on the field. Test ids `<testId>-<code>`.
 */
export function ExtraFields({ fields, testId }: { fields: readonly TCategoryField[]; testId: string }) {
  const { locale } = useI18n();
  return fields.map((field) => {
    const label = fieldLabel(field, locale);
    const id = `${testId}-${field.code}`;
    const rules = [{ required: field.required }];
    const common = { name: ["attributes", field.code], label, rules, extra: fieldDescription(field, locale) };
    switch (field.datatype) {
      case "number":
        return (
          <Form.Item key={field.code} {...common}>
            <InputNumber style={{ width: "100%" }} inputMode="decimal" data-testid={id} />
          </Form.Item>
        );
      case "text":
        return (
          <Form.Item key={field.code} {...common}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={LIMITS.caseAttribute.textMax} data-testid={id} />
          </Form.Item>
        );
      case "datetime":
        return (
          <Form.Item key={field.code} {...common} {...localDateTime}>
            <Input type="datetime-local" data-testid={id} />
          </Form.Item>
        );
      case "singlevaluelist":
        return (
          <Form.Item key={field.code} {...common}>
            <Radio.Group data-testid={id} options={(field.options ?? []).map((option) => ({ value: option.key, label: optionName(option, locale) }))} />
          </Form.Item>
        );
      case "multivaluelist":
        return (
          <Form.Item key={field.code} {...common}>
            <Checkbox.Group data-testid={id} options={(field.options ?? []).map((option) => ({ value: option.key, label: optionName(option, locale) }))} />
          </Form.Item>
        );
      default:
        return (
          <Form.Item key={field.code} {...common}>
            <Input maxLength={LIMITS.caseAttribute.textMax} data-testid={id} />
          </Form.Item>
        );
    }
  });
}

/** The values to send: empty answers left out, text trimmed. */
export function attributesToSend(values: Record<string, FieldValue> | undefined): Record<string, string | number | string[]> | undefined {
  const out: Record<string, string | number | string[]> = {};
  for (const [code, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length) out[code] = value;
    } else if (typeof value === "string") {
      if (value.trim()) out[code] = value.trim();
    } else {
      out[code] = value;
    }
  }
  return Object.keys(out).length ? out : undefined;
}
