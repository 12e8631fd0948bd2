import { AimOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { TGridNode, TUnitKind } from "@caihong/contracts";
import { LIMITS, UNIT_KIND_LABELS, UNIT_KINDS, formatMessage, isValidUscc } from "@caihong/contracts/constants";
import { Alert, Button, Flex, Form, Input, InputNumber, Select, Tooltip, Typography, theme } from "antd";
import { useState } from "react";
import { isApiError } from "../../api/client";
import { locateGrid, type TCrs, type TLocateResult } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { createUnit, getUnit, updateUnit, type TUnitDetail } from "../../api/units.api";
import { FormDrawer, FormDrawerLoading } from "../../components/form-drawer";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { useFormSave } from "../../components/use-form-save";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";
import { CrsSelect } from "../map/crs-select";
import { chainText } from "../map/grid-search";

interface ContactValues {
  name?: string;
  title?: string;
  phone?: string;
  /** The stored phone, masked, shown as the placeholder (blank keeps it). */
  phoneMasked?: string | null;
}

interface UnitFormValues {
  name: string;
  kind?: TUnitKind;
  uscc?: string;
  address?: string;
  location: { lng?: number | null; lat?: number | null; crs: TCrs };
  gridId?: string | null;
  partyOrgName?: string;
  partyMemberCount?: number | null;
  contacts?: ContactValues[];
  note?: string;
}

function toFormValues(unit: TUnitDetail): UnitFormValues {
  return {
    name: unit.name,
    kind: unit.kind,
    uscc: unit.uscc ?? "",
    address: unit.address ?? "",
    // Stored in WGS84; the user may switch the system and type new numbers.
    location: { lng: unit.location?.lng ?? null, lat: unit.location?.lat ?? null, crs: "wgs84" },
    gridId: unit.gridId,
    partyOrgName: unit.partyOrgName ?? "",
    partyMemberCount: unit.partyMemberCount,
    contacts: unit.contacts.map((contact) => ({ name: contact.name, title: contact.title ?? "", phone: "", phoneMasked: contact.phoneMasked })),
    note: unit.note ?? "",
  };
}

const hasNumber = (value: number | null | undefined): value is number => typeof value === "number" && Number.isFinite(value);

/** The location to send, or null when none was given. */
function locationOf(values: UnitFormValues): { lng: number; lat: number; crs: TCrs } | null {
  const { lng, lat, crs } = values.location;
  return hasNumber(lng) && hasNumber(lat) ? { lng, lat, crs } : null;
}

/** Contacts as the contract takes them; a blank phone is left out so the server keeps the stored one. */
function contactsOf(values: UnitFormValues) {
  return (values.contacts ?? []).map((contact) => ({
    name: contact.name?.trim() ?? "",
    title: contact.title?.trim() || null,
    ...(contact.phone?.trim() ? { phone: contact.phone.trim() } : {}),
  }));
}

const WIDTH = 640;

interface UnitFormDrawerProps {
  /** The unit to edit (read fresh), or null to record a new one. */
  unitId: string | null;
  grids: readonly TGridNode[];
  onClose: () => void;
  onSaved: (unit: TUnitDetail, isNew: boolean) => void;
}

/** Record or edit a unit in the area. Mount it to open it. */
export function UnitFormDrawer({ unitId, grids, onClose, onSaved }: UnitFormDrawerProps) {
  const { t } = useI18n();
  const isNew = unitId === null;
  const loaded = useRequest(() => getUnit(unitId ?? ""), [unitId], !isNew);
  if (!isNew && !loaded.data) return <FormDrawerLoading title={t("units.form.editTitle", { name: "" })} width={WIDTH} onClose={onClose} loaded={loaded} />;
  return <UnitForm unit={loaded.data ?? null} grids={grids} onClose={onClose} onSaved={onSaved} />;
}

interface UnitFormProps {
  unit: TUnitDetail | null;
  grids: readonly TGridNode[];
  onClose: () => void;
  onSaved: (unit: TUnitDetail, isNew: boolean) => void;
}

function UnitForm({ unit, grids, onClose, onSaved }: UnitFormProps) {
  const { t, label, locale } = useI18n();
  const { token } = theme.useToken();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<UnitFormValues>();
  const { current, isSaving, save } = useFormSave(form, { record: unit, reread: getUnit, toValues: toFormValues });
  const [located, setLocated] = useState<TLocateResult | null>(null);
  const [isLocating, setIsLocating] = useState(false);
  const isNew = unit === null;
  const partyOrgName = Form.useWatch("partyOrgName", form) as string | undefined;

  /** Preview of the micro grid the server will locate the point in. */
  const locate = async () => {
    try {
      await form.validateFields([
        ["location", "lng"],
        ["location", "lat"],
      ]);
    } catch {
      return;
    }
    const point = locationOf(form.getFieldsValue(true) as UnitFormValues);
    if (!point) return;
    setIsLocating(true);
    try {
      setLocated(await locateGrid(point.lng, point.lat, point.crs));
    } catch (err) {
      onProblem(err);
    } finally {
      setIsLocating(false);
    }
  };

  const submit = (values: UnitFormValues) => {
    const location = locationOf(values);
    const partyOrg = values.partyOrgName?.trim() || null;
    const fields = {
      name: values.name,
      kind: values.kind,
      uscc: values.uscc?.trim() || null,
      address: values.address?.trim() || null,
      partyOrgName: partyOrg,
      partyMemberCount: partyOrg ? (values.partyMemberCount ?? null) : null,
      note: values.note?.trim() || null,
    };
    return save(
      async (current) => {
        let saved: TUnitDetail;
        if (!current) {
          saved = await createUnit({
            ...fields,
            kind: values.kind ?? "enterprise",
            location,
            ...(values.gridId ? { gridId: values.gridId } : {}),
            contacts: contactsOf(values),
          });
        } else {
          const before = toFormValues(current);
          const beforeLocation = locationOf(before);
          const isLocationChanged = JSON.stringify(location) !== JSON.stringify(beforeLocation);
          const contacts = contactsOf(values);
          const isContactsChanged = JSON.stringify(contacts) !== JSON.stringify(contactsOf(before));
          // Only what changed: an untouched grid must not pin the unit against a new location. A
          // cleared grid means "locate by the coordinates again", or no grid when there are none.
          const gridChange =
            values.gridId && values.gridId !== current.gridId
              ? { gridId: values.gridId }
              : !values.gridId && current.gridId && !location
                ? { gridId: null }
                : {};
          const relocate = !values.gridId && current.gridId && location;
          saved = await updateUnit(current.id, {
            version: current.version,
            ...fields,
            ...(isLocationChanged || relocate ? { location } : {}),
            ...gridChange,
            ...(isContactsChanged ? { contacts } : {}),
          });
        }
        onSaved(saved, isNew);
      },
      (err) => {
        if (!isApiError(err) || !err.problem.errors?.some((fieldError) => fieldError.path === "body.location")) return false;
        // The whole point is wrong (outside the sub-district): show it under the coordinates.
        form.setFields([{ name: ["location", "lng"], errors: [err.problem.detail || t("units.form.outside")] }]);
        return true;
      },
    );
  };

  const coordinateRules = ({ min, max }: { min: number; max: number }, other: "lng" | "lat") => [
    ({ getFieldValue }: { getFieldValue: (name: (string | number)[]) => unknown }) => ({
      validator: (_: unknown, value: number | null | undefined) => {
        const otherValue = getFieldValue(["location", other]) as number | null | undefined;
        if (!hasNumber(value) && hasNumber(otherValue)) return Promise.reject(new Error(t("units.form.bothCoordinates")));
        if (hasNumber(value) && (value < min || value > max)) return Promise.reject(new Error(t("units.form.coordinateRange", { min, max })));
        return Promise.resolve();
      },
    }),
  ];

  return (
    <FormDrawer
      title={isNew ? t("units.form.createTitle") : t("units.form.editTitle", { name: unit.name })}
      width={WIDTH}
      form={form}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={unit ? toFormValues(unit) : { location: { crs: "gcj02" }, contacts: [] }}
      onValuesChange={(changed: Partial<UnitFormValues>) => {
        if (!changed.location) return;
        setLocated(null);
        // New coordinates decide the grid again unless the user overrides it after typing them.
        if (current && form.getFieldValue("gridId") === current.gridId) form.setFieldValue("gridId", null);
      }}
      testIdPrefix="unit-form"
    >
      <Form.Item name="name" label={t("units.form.name")} rules={[{ required: true, whitespace: true, max: LIMITS.unitName.max }]}>
        <Input maxLength={LIMITS.unitName.max} data-testid="unit-form-name" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="kind" label={t("units.form.kind")} rules={[{ required: true, message: t("units.form.kindRequired") }]} style={{ flex: "1 1 180px" }}>
          <Select<TUnitKind> options={UNIT_KINDS.map((value) => ({ value, label: label(UNIT_KIND_LABELS[value]) }))} data-testid="unit-form-kind" />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t("units.form.uscc")}
          extra={t("units.form.usccHint")}
          normalize={(value: string) => value.toUpperCase().replace(/\s+/g, "")}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value || isValidUscc(value) ? Promise.resolve() : Promise.reject(new Error(formatMessage("uscc.invalid", locale))),
            },
          ]}
          style={{ flex: "2 1 260px" }}
        >
          <Input maxLength={LIMITS.uscc.length} autoComplete="off" style={{ fontFamily: token.fontFamilyCode }} data-testid="unit-form-uscc" />
        </Form.Item>
      </Flex>
      <Form.Item name="address" label={t("units.form.address")} rules={[{ max: LIMITS.unitAddress.max }]}>
        <Input maxLength={LIMITS.unitAddress.max} data-testid="unit-form-address" />
      </Form.Item>
      <Form.Item label={t("units.form.location")} extra={t("units.form.locationHint")} style={{ marginBottom: 8 }}>
        <Flex gap={8} wrap align="flex-start">
          <Form.Item name={["location", "lng"]} dependencies={[["location", "lat"]]} rules={coordinateRules(LIMITS.longitude, "lat")} style={{ flex: "1 1 130px", marginBottom: 0 }}>
            <InputNumber placeholder={t("units.form.lng")} step={0.0001} style={{ width: "100%" }} data-testid="unit-form-lng" />
          </Form.Item>
          <Form.Item name={["location", "lat"]} dependencies={[["location", "lng"]]} rules={coordinateRules(LIMITS.latitude, "lng")} style={{ flex: "1 1 130px", marginBottom: 0 }}>
            <InputNumber placeholder={t("units.form.lat")} step={0.0001} style={{ width: "100%" }} data-testid="unit-form-lat" />
          </Form.Item>
          <Form.Item name={["location", "crs"]} style={{ flex: "1 1 150px", marginBottom: 0 }}>
            <CrsSelect testId="unit-form-crs" />
          </Form.Item>
          <Tooltip title={t("units.form.locateHint")}>
            <Button icon={<AimOutlined />} loading={isLocating} onClick={() => void locate()} data-testid="unit-form-locate">
              {t("units.form.locate")}
            </Button>
          </Tooltip>
        </Flex>
      </Form.Item>
      {located ? (
        <Alert
          type={located.isInside ? "success" : "warning"}
          showIcon
          style={{ marginBottom: 16 }}
          title={located.isInside ? t("units.form.locatedIn", { chain: chainText(located.chain) }) : located.message}
          data-testid="unit-form-located"
        />
      ) : null}
      <Form.Item name="gridId" label={t("units.form.grid")} extra={t("units.form.gridHint")}>
        <GridTreeSelect grids={grids} placeholder={t("units.form.gridPlaceholder")} data-testid="unit-form-grid" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="partyOrgName" label={t("units.form.partyOrgName")} rules={[{ max: LIMITS.unitPartyOrgName.max }]} style={{ flex: "2 1 260px" }}>
          <Input maxLength={LIMITS.unitPartyOrgName.max} placeholder={t("units.form.partyOrgNamePlaceholder")} data-testid="unit-form-party-org" />
        </Form.Item>
        <Form.Item name="partyMemberCount" label={t("units.form.partyMemberCount")} style={{ flex: "1 1 140px" }}>
          <InputNumber min={LIMITS.unitPartyMemberCount.min} max={LIMITS.unitPartyMemberCount.max} precision={0} disabled={!partyOrgName?.trim()} style={{ width: "100%" }} data-testid="unit-form-party-members" />
        </Form.Item>
      </Flex>
      <Form.Item label={t("units.form.contacts")} extra={isNew ? undefined : t("units.form.contactsHint")}>
        <Form.List name="contacts" rules={[{ validator: (_, rows: unknown[]) => (rows.length > LIMITS.unitContacts.max ? Promise.reject(new Error(formatMessage("tooBigArray", locale, { maximum: LIMITS.unitContacts.max }))) : Promise.resolve()) }]}>
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8}>
              {fields.length === 0 ? <Typography.Text type="secondary">{t("units.form.noContacts")}</Typography.Text> : null}
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap align="flex-start" data-testid={`unit-contact-${field.name}`}>
                  <Form.Item name={[field.name, "name"]} rules={[{ required: true, whitespace: true, max: LIMITS.unitContactName.max, message: t("units.form.contactNameRequired") }]} style={{ flex: "1 1 110px", marginBottom: 0 }}>
                    <Input placeholder={t("units.form.contactName")} maxLength={LIMITS.unitContactName.max} data-testid={`unit-contact-name-${field.name}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, "title"]} rules={[{ max: LIMITS.unitContactTitle.max }]} style={{ flex: "1 1 110px", marginBottom: 0 }}>
                    <Input placeholder={t("units.form.contactTitle")} maxLength={LIMITS.unitContactTitle.max} data-testid={`unit-contact-title-${field.name}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "phone"]}
                    rules={[{ pattern: LIMITS.phone.pattern, message: formatMessage("phone.invalid", locale) }]}
                    style={{ flex: "1 1 140px", marginBottom: 0 }}
                  >
                    <Input
                      type="tel"
                      inputMode="numeric"
                      maxLength={LIMITS.phone.length}
                      autoComplete="off"
                      placeholder={(form.getFieldValue(["contacts", field.name, "phoneMasked"]) as string | null | undefined) ?? t("units.form.contactPhone")}
                      data-testid={`unit-contact-phone-${field.name}`}
                    />
                  </Form.Item>
                  <Tooltip title={t("units.form.removeContact")}>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t("units.form.removeContact")} data-testid={`unit-contact-remove-${field.name}`} />
                  </Tooltip>
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: "", title: "", phone: "" })} disabled={fields.length >= LIMITS.unitContacts.max} data-testid="unit-contact-add">
                {t("units.form.addContact")}
              </Button>
              <Form.ErrorList errors={errors} />
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="note" label={t("units.form.note")} rules={[{ max: LIMITS.note.max }]}>
        <Input.TextArea rows={3} maxLength={LIMITS.note.max} showCount data-testid="unit-form-note" />
      </Form.Item>
    </FormDrawer>
  );
}
