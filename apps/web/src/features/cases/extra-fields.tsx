import type { TCategoryField } from "@caihong/contracts";
import { LIMITS } from "@caihong/contracts/constants";
import { DatePicker, Form, Input, InputNumber, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useI18n } from "../../i18n/i18n";
import { fieldDescription, fieldLabel, optionName } from "./dictionary";

/** Values of the extra fields as the form holds them (dates as dayjs). */
export type ExtraFieldValues = Record<string, string | number | string[] | Dayjs | null | undefined>;

/** The extra fields a 小类 asks for (its Open311 attributes), under `attributes` in the form. */
export function ExtraFields({ fields }: { fields: readonly TCategoryField[] }) {
  const { t, locale } = useI18n();
  if (fields.length === 0) return null;
  return (
    <>
      {fields.map((field) => {
        const label = fieldLabel(field, locale);
        const rules = field.required ? [{ required: true, message: t("cases.entry.fieldRequired", { field: label }) }] : undefined;
        const name = ["attributes", field.code];
        const testId = `case-entry-attr-${field.code}`;
        let input;
        switch (field.datatype) {
          case "number":
            input = <InputNumber style={{ width: "100%" }} data-testid={testId} />;
            break;
          case "text":
            input = <Input.TextArea rows={2} maxLength={LIMITS.caseAttribute.textMax} data-testid={testId} />;
            break;
          case "datetime":
            input = <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} data-testid={testId} />;
            break;
          case "singlevaluelist":
          case "multivaluelist":
            input = (
              <Select
                mode={field.datatype === "multivaluelist" ? "multiple" : undefined}
                allowClear
                options={(field.options ?? []).map((option) => ({ value: option.key, label: optionName(option, locale) }))}
                data-testid={testId}
              />
            );
            break;
          default:
            input = <Input maxLength={LIMITS.caseAttribute.textMax} data-testid={testId} />;
        }
        return (
          <Form.Item key={field.code} name={name} label={label} rules={rules} extra={fieldDescription(field, locale)}>
            {input}
          </Form.Item>
        );
      })}
    </>
  );
}

/** The attributes as the contract takes them: empty values left out, dates as ISO strings. */
export function attributesOf(values: ExtraFieldValues | undefined): Record<string, string | number | string[]> | undefined {
  const out: Record<string, string | number | string[]> = {};
  for (const [code, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out[code] = value;
    } else if (typeof value === "object") out[code] = value.toISOString();
    else out[code] = typeof value === "string" ? value.trim() : value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
