import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { TCategoryField } from "@caihong/contracts";
import { CATEGORY_FIELD_TYPES, LIMITS, TIME_LIMIT_UNIT_LABELS, TIME_LIMIT_UNITS, UNIT_KIND_LABELS, UNIT_KINDS } from "@caihong/contracts/constants";
import { App, Button, Checkbox, Col, Divider, Flex, Form, Input, InputNumber, Row, Select, Space, Switch } from "antd";
import { createCaseCategory, updateCaseCategory, type TCaseCategory, type TCreateCaseCategoryRequest } from "../../api/cases";
import { isApiError } from "../../api/client";
import { FormDrawer } from "../../components/form-drawer";
import { useFormSave } from "../../components/use-form-save";
import { useI18n, type MessageKey } from "../../i18n/i18n";

type LimitUnit = (typeof TIME_LIMIT_UNITS)[number];
type LimitKey = "ackLimit" | "handleLimit" | "closeLimit";
const LIMIT_KEYS: readonly LimitKey[] = ["ackLimit", "handleLimit", "closeLimit"];
const LIMIT_LABELS: Record<LimitKey, MessageKey> = { ackLimit: "categories.ackLimit", handleLimit: "categories.handleLimit", closeLimit: "categories.closeLimit" };

interface FieldValues {
  code?: string;
  label?: string;
  labelEn?: string;
  description?: string;
  descriptionEn?: string;
  datatype?: TCategoryField["datatype"];
  required?: boolean;
  /** List options as `key:名称` or `key:名称:English name` tags. */
  options?: string[];
}

interface CategoryValues {
  code?: string;
  name?: string;
  nameEn?: string;
  description?: string;
  filingStandard?: string;
  closingStandard?: string;
  filingStandardEn?: string;
  closingStandardEn?: string;
  ackLimit: { value?: number | null; unit: LimitUnit };
  handleLimit: { value?: number | null; unit: LimitUnit };
  closeLimit: { value?: number | null; unit: LimitUnit };
  defaultUnitKind?: TCaseCategory["defaultUnitKind"];
  dedupeRadiusM?: number | null;
  keywords?: string[];
  active: boolean;
  isPrivate: boolean;
  position?: number | null;
  fields?: FieldValues[];
}

function toValues(category: TCaseCategory | null): CategoryValues {
  const limit = (value: TCaseCategory["ackLimit"] | undefined) => ({ value: value?.value ?? null, unit: value?.unit ?? "hours" });
  return {
    code: category?.code,
    name: category?.name,
    nameEn: category?.nameEn ?? "",
    description: category?.description ?? "",
    filingStandard: category?.filingStandard ?? "",
    closingStandard: category?.closingStandard ?? "",
    filingStandardEn: category?.filingStandardEn ?? "",
    closingStandardEn: category?.closingStandardEn ?? "",
    ackLimit: limit(category?.ackLimit),
    handleLimit: limit(category?.handleLimit),
    closeLimit: limit(category?.closeLimit),
    defaultUnitKind: category?.defaultUnitKind ?? null,
    dedupeRadiusM: category?.dedupeRadiusM ?? 50,
    keywords: category?.keywords ?? [],
    active: category?.active ?? true,
    isPrivate: category?.isPrivate ?? false,
    position: category?.position ?? 0,
    fields: (category?.fields ?? []).map((field) => ({
      code: field.code,
      label: field.label,
      labelEn: field.labelEn ?? "",
      description: field.description ?? "",
      descriptionEn: field.descriptionEn ?? "",
      datatype: field.datatype,
      required: field.required,
      options: (field.options ?? []).map((option) => [option.key, option.name, ...(option.nameEn ? [option.nameEn] : [])].join(":")),
    })),
  };
}

const blankToNull = (text: string | undefined) => (text?.trim() ? text.trim() : null);

/** `key:名称` or `key:名称:English name` → an option (the name defaults to the key). */
export function optionOf(tag: string): NonNullable<TCategoryField["options"]>[number] {
  const [key = "", name = "", ...english] = tag.split(/[:：]/).map((part) => part.trim());
  const nameEn = english.join(":").trim();
  return { key, name: name || key, ...(nameEn ? { nameEn } : {}) };
}

/** The form as the contract takes it. */
function toRequest(values: CategoryValues): Omit<TCreateCaseCategoryRequest, "parentId"> {
  const limit = (value: CategoryValues[LimitKey]) => (typeof value.value === "number" && value.value > 0 ? { value: value.value, unit: value.unit } : null);
  return {
    code: values.code?.trim() ?? "",
    name: values.name?.trim() ?? "",
    nameEn: blankToNull(values.nameEn),
    description: blankToNull(values.description),
    filingStandard: blankToNull(values.filingStandard),
    closingStandard: blankToNull(values.closingStandard),
    filingStandardEn: blankToNull(values.filingStandardEn),
    closingStandardEn: blankToNull(values.closingStandardEn),
    ackLimit: limit(values.ackLimit),
    handleLimit: limit(values.handleLimit),
    closeLimit: limit(values.closeLimit),
    defaultUnitKind: values.defaultUnitKind ?? null,
    dedupeRadiusM: values.dedupeRadiusM ?? 0,
    keywords: (values.keywords ?? []).map((keyword) => keyword.trim()).filter(Boolean),
    active: values.active,
    isPrivate: values.isPrivate,
    position: values.position ?? 0,
    fields: (values.fields ?? []).map((field) => {
      const isList = field.datatype === "singlevaluelist" || field.datatype === "multivaluelist";
      return {
        code: field.code?.trim() ?? "",
        label: field.label?.trim() ?? "",
        labelEn: blankToNull(field.labelEn),
        description: blankToNull(field.description),
        descriptionEn: blankToNull(field.descriptionEn),
        datatype: field.datatype ?? "string",
        required: field.required ?? false,
        ...(isList
          ? {
              options: (field.options ?? []).map(optionOf),
            }
          : {}),
      };
    }),
  };
}

interface CategoryFormDrawerProps {
  /** The category to edit, or null for a new one. */
  category: TCaseCategory | null;
  /** For a new 小类: its 大类. */
  parent: TCaseCategory | null;
  onClose: () => void;
  onSaved: (saved: TCaseCategory, isNew: boolean) => void;
  /** Someone saved first: reload the list. */
  onConflict: () => void;
}

/** Add or edit a 大类 / 小类: standards, time limits, default unit kind, dedupe radius, extra fields. */
export function CategoryFormDrawer({ category, parent, onClose, onSaved, onConflict }: CategoryFormDrawerProps) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryValues>();
  const { isSaving, save } = useFormSave(form);
  const isNew = category === null;
  const isTop = isNew ? parent === null : category.parentId === null;

  const submit = (values: CategoryValues) =>
    save(
      async () => {
        const body = toRequest(values);
        const saved = isNew ? await createCaseCategory({ ...body, parentId: parent?.id ?? null }) : await updateCaseCategory(category.id, { ...body, version: category.version });
        onSaved(saved, isNew);
      },
      (error) => {
        if (!isApiError(error, "VERSION_CONFLICT")) return false;
        // The list holds the categories: it reloads, and this drawer keeps what was typed.
        void message.warning(t("error.conflictReloaded"), 6);
        onConflict();
        return true;
      },
    );

  const title = isNew ? (parent ? t("categories.addChildTitle", { parent: parent.name }) : t("categories.addTopTitle")) : t("categories.editTitle", { name: category.name });
  return (
    <FormDrawer
      title={title}
      width={760}
      form={form}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={toValues(category)}
      testIdPrefix="category-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item
            name="code"
            label={t("categories.code")}
            extra={isTop ? t("categories.codeTopHint") : t("categories.codeChildHint", { parent: parent?.code ?? category?.code.slice(0, 2) ?? "" })}
            rules={[{ required: true, pattern: isTop ? LIMITS.categoryCode.topPattern : LIMITS.categoryCode.childPattern, message: isTop ? t("categories.codeTopHint") : t("categories.codeChildInvalid") }]}
          >
            <Input maxLength={LIMITS.categoryCode.max} data-testid="category-code" />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item name="name" label={t("categories.name")} rules={[{ required: true, whitespace: true, max: LIMITS.categoryName.max, message: t("categories.nameRequired") }]}>
            <Input maxLength={LIMITS.categoryName.max} data-testid="category-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item name="nameEn" label={t("categories.nameEn")}>
            <Input maxLength={LIMITS.categoryNameEn.max} data-testid="category-name-en" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t("categories.description")}>
        <Input.TextArea rows={2} maxLength={LIMITS.categoryDescription.max} />
      </Form.Item>
      <Form.Item name="filingStandard" label={t("categories.filingStandard")}>
        <Input.TextArea rows={2} maxLength={LIMITS.categoryStandard.max} data-testid="category-filing-standard" />
      </Form.Item>
      <Form.Item name="closingStandard" label={t("categories.closingStandard")}>
        <Input.TextArea rows={2} maxLength={LIMITS.categoryStandard.max} data-testid="category-closing-standard" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="filingStandardEn" label={t("categories.filingStandardEn")}>
            <Input.TextArea rows={2} maxLength={LIMITS.categoryStandard.max} data-testid="category-filing-standard-en" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="closingStandardEn" label={t("categories.closingStandardEn")}>
            <Input.TextArea rows={2} maxLength={LIMITS.categoryStandard.max} data-testid="category-closing-standard-en" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        {LIMIT_KEYS.map((key) => (
          <Col key={key} xs={24} md={8}>
            <Form.Item label={t(LIMIT_LABELS[key])} extra={key === "handleLimit" && !isTop ? t("categories.limitHint") : undefined}>
              <Space.Compact style={{ width: "100%" }}>
                <Form.Item name={[key, "value"]} noStyle>
                  <InputNumber min={LIMITS.categoryTimeLimit.exclusiveMin} max={LIMITS.categoryTimeLimit.max} step={0.5} style={{ width: "55%" }} placeholder={t("categories.noLimit")} data-testid={`category-${key}-value`} />
                </Form.Item>
                <Form.Item name={[key, "unit"]} noStyle>
                  <Select<LimitUnit> style={{ width: "45%" }} options={TIME_LIMIT_UNITS.map((unit) => ({ value: unit, label: label(TIME_LIMIT_UNIT_LABELS[unit]) }))} data-testid={`category-${key}-unit`} />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="defaultUnitKind" label={t("categories.defaultUnitKind")}>
            <Select allowClear options={UNIT_KINDS.map((kind) => ({ value: kind, label: label(UNIT_KIND_LABELS[kind]) }))} data-testid="category-unit-kind" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="dedupeRadiusM" label={t("categories.dedupeRadius")} extra={t("categories.dedupeHint")}>
            <InputNumber min={LIMITS.categoryDedupeRadiusM.min} max={LIMITS.categoryDedupeRadiusM.max} suffix={t("categories.meters")} style={{ width: "100%" }} data-testid="category-dedupe" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="position" label={t("categories.position")}>
            <InputNumber min={LIMITS.categoryPosition.min} max={LIMITS.categoryPosition.max} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="active" label={t("categories.active")} valuePropName="checked">
            <Switch data-testid="category-active" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="isPrivate" label={t("categories.private")} tooltip={t("categories.privateHint")} valuePropName="checked">
            <Switch data-testid="category-private" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="keywords" label={t("categories.keywords")} extra={t("categories.keywordsHint")}>
        <Select mode="tags" tokenSeparators={[",", "，", " "]} open={false} />
      </Form.Item>

      <Divider titlePlacement="start" plain>
        {t("categories.fields")}
      </Divider>
      <Form.List name="fields">
        {(items, { add, remove }) => (
          <Flex vertical gap={8}>
            {items.map((item) => (
              <FieldRow key={item.key} name={item.name} onRemove={() => remove(item.name)} />
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ datatype: "string", required: false, options: [] })} disabled={items.length >= LIMITS.categoryFields.max} data-testid="category-field-add">
              {t("categories.addField")}
            </Button>
          </Flex>
        )}
      </Form.List>
    </FormDrawer>
  );
}

/** One extra field: code, labels, datatype, required, and options for list types. */
function FieldRow({ name, onRemove }: { name: number; onRemove: () => void }) {
  const { t } = useI18n();
  const datatype = Form.useWatch(["fields", name, "datatype"]) as TCategoryField["datatype"] | undefined;
  const isList = datatype === "singlevaluelist" || datatype === "multivaluelist";
  return (
    <div style={{ border: "1px solid rgba(5,5,5,0.06)", borderRadius: 8, padding: "8px 12px 0" }} data-testid={`category-field-${name}`}>
      <Row gutter={8}>
        <Col xs={12} md={5}>
          <Form.Item name={[name, "code"]} label={t("categories.field.code")} rules={[{ required: true, pattern: LIMITS.categoryFieldCode.pattern, message: t("categories.field.codeInvalid") }]}>
            <Input maxLength={LIMITS.categoryFieldCode.max} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, "label"]} label={t("categories.field.label")} rules={[{ required: true, whitespace: true, message: t("categories.field.labelRequired") }]}>
            <Input maxLength={LIMITS.categoryFieldLabel.max} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[name, "labelEn"]} label={t("categories.field.labelEn")}>
            <Input maxLength={LIMITS.categoryFieldLabelEn.max} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[name, "datatype"]} label={t("categories.field.datatype")}>
            <Select options={CATEGORY_FIELD_TYPES.map((value) => ({ value, label: t(`categories.fieldType.${value}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={3}>
          <Flex align="center" justify="space-between" style={{ height: "100%" }}>
            <Form.Item name={[name, "required"]} valuePropName="checked" label=" ">
              <Checkbox>{t("categories.field.required")}</Checkbox>
            </Form.Item>
            <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t("common.delete")} />
          </Flex>
        </Col>
      </Row>
      <Row gutter={8}>
        <Col xs={24} md={12}>
          <Form.Item name={[name, "description"]} label={t("categories.field.description")}>
            <Input maxLength={LIMITS.categoryFieldDescription.max} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[name, "descriptionEn"]} label={t("categories.field.descriptionEn")}>
            <Input maxLength={LIMITS.categoryFieldDescription.max} />
          </Form.Item>
        </Col>
      </Row>
      {isList ? (
        <Form.Item name={[name, "options"]} label={t("categories.field.options")} extra={t("categories.field.optionsHint")}>
          <Select mode="tags" tokenSeparators={[",", "，"]} open={false} />
        </Form.Item>
      ) : null}
    </div>
  );
}
