import { WarningOutlined } from "@ant-design/icons";
import { CASE_CHANNEL_LABELS, CASE_PRIORITIES, CASE_PRIORITY_LABELS, LIMITS } from "@caihong/contracts/constants";
import { GRID_LEVEL } from "@caihong/domain/grids";
import { Alert, App, Col, DatePicker, Divider, Flex, Form, Input, InputNumber, List, Radio, Row, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { createCase, findDuplicates, type TCaseCategory, type TCaseCreated, type TDuplicateList } from "../../api/cases";
import { getGridMap, getMapSettings, locateGrid, type TCrs, type TLocateResult } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { useSession } from "../../app/session";
import { FormDrawer } from "../../components/form-drawer";
import { useFormSave } from "../../components/use-form-save";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { CrsSelect } from "../map/crs-select";
import { CaseMap } from "./case-map";
import { StateTag } from "./case-tags";
import { CategorySelect } from "./category-select";
import { categoryStandards } from "./dictionary";
import { attributesOf, ExtraFields, type ExtraFieldValues } from "./extra-fields";
import { PhotoUpload } from "./photo-upload";

const ENTRY_CHANNELS = ["staff_proxy", "hotline"] as const;

interface EntryValues {
  channel: (typeof ENTRY_CHANNELS)[number];
  categoryId?: string | null;
  description?: string;
  location: { lng?: number | null; lat?: number | null; crs: TCrs };
  address?: string;
  priority: (typeof CASE_PRIORITIES)[number];
  reporter?: { name?: string; phone?: string };
  hotlineOrderNo?: string;
  reportedAt?: Dayjs | null;
  photoIds?: string[];
  attributes?: ExtraFieldValues;
}

/** A random key; `crypto.randomUUID` needs a secure context, `getRandomValues` does not (plain-HTTP intranets). */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `entry-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** The typed or clicked point, once both numbers are there. */
function pointOf(location: EntryValues["location"] | undefined): { lng: number; lat: number; crs: TCrs } | null {
  if (!location || !isNumber(location.lng) || !isNumber(location.lat)) return null;
  return { lng: location.lng, lat: location.lat, crs: location.crs ?? "wgs84" };
}

interface CaseEntryDrawerProps {
  categories: readonly TCaseCategory[];
  onClose: () => void;
  onCreated: (created: TCaseCreated) => void;
}

/**
 * 登记案件: staff enter a case for a resident who called or came in (代为登记) or from a 12345
 * hotline order. As soon as the category and the location are known, open cases of that category
 * nearby are listed as possible duplicates.
 */
export function CaseEntryDrawer({ categories, onClose, onCreated }: CaseEntryDrawerProps) {
  const { t, label, locale } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryValues>();
  const { isSaving, save } = useFormSave(form);
  // One key per opened form: a submit retried after a lost answer creates the case once.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const canGrids = can("grids.read");
  const settings = useRequest(() => getMapSettings(), []);
  const grids = useRequest(() => getGridMap(), [], canGrids);
  const outlines = useMemo(() => (grids.data?.features ?? []).filter((feature) => feature.properties.level >= GRID_LEVEL.disposal && feature.properties.level <= GRID_LEVEL.autonomous), [grids.data]);

  const channel = Form.useWatch("channel", form);
  const categoryId = Form.useWatch("categoryId", form) as string | null | undefined;
  const location = Form.useWatch("location", form);
  const point = pointOf(location);
  const pointKey = point ? `${point.lng},${point.lat},${point.crs}` : "";
  const category = categories.find((item) => item.id === categoryId);

  // Where the point is (its micro grid and WGS84 position for the marker), settled after typing stops.
  const [located, setLocated] = useState<TLocateResult | null>(null);
  const [duplicates, setDuplicates] = useState<TDuplicateList | null>(null);
  useEffect(() => {
    setLocated(null);
    if (!point || !canGrids) return;
    let isCurrent = true;
    const handle = setTimeout(() => {
      locateGrid(point.lng, point.lat, point.crs).then(
        (result) => isCurrent && setLocated(result),
        () => undefined,
      );
    }, 400);
    return () => {
      isCurrent = false;
      clearTimeout(handle);
    };
  }, [pointKey, canGrids]);
  useEffect(() => {
    setDuplicates(null);
    if (!point || !categoryId) return;
    let isCurrent = true;
    const handle = setTimeout(() => {
      findDuplicates({ categoryId, lng: point.lng, lat: point.lat, crs: point.crs }).then(
        (result) => isCurrent && setDuplicates(result),
        () => undefined,
      );
    }, 400);
    return () => {
      isCurrent = false;
      clearTimeout(handle);
    };
  }, [pointKey, categoryId]);

  const marker = useMemo(() => {
    if (located) return located.wgs84;
    return point && point.crs === "wgs84" ? { lng: point.lng, lat: point.lat } : null;
    // Keyed on the point's text form: a fresh object with the same numbers must not move the map.
  }, [located, pointKey]);

  const pick = ([lng, lat]: [number, number]) => {
    // A click is in the basemap's system: GCJ-02 on AMap tiles, WGS84 on the plain background.
    form.setFieldsValue({ location: { lng: Number(lng.toFixed(6)), lat: Number(lat.toFixed(6)), crs: settings.data?.tileCrs ?? "wgs84" } });
  };

  const submit = (values: EntryValues) => {
    const at = pointOf(values.location);
    const reporterName = values.reporter?.name?.trim();
    const reporterPhone = values.reporter?.phone?.trim();
    return save(async () => {
      const created = await createCase({
        channel: values.channel,
        categoryId: values.categoryId ?? "",
        description: values.description?.trim() ?? "",
        ...(at ? { location: at } : {}),
        ...(values.address?.trim() ? { address: values.address.trim() } : {}),
        priority: values.priority,
        photoIds: values.photoIds ?? [],
        ...(reporterName || reporterPhone ? { reporter: { ...(reporterName ? { name: reporterName } : {}), ...(reporterPhone ? { phone: reporterPhone } : {}) } } : {}),
        ...(values.channel === "hotline" && values.hotlineOrderNo?.trim() ? { hotlineOrderNo: values.hotlineOrderNo.trim() } : {}),
        ...(values.channel === "hotline" && values.reportedAt ? { reportedAt: values.reportedAt.toISOString() } : {}),
        ...(attributesOf(values.attributes) ? { attributes: attributesOf(values.attributes) } : {}),
      }, idempotencyKey);
      void message.success(t("cases.entry.created", { number: created.number }));
      onCreated(created);
    });
  };

  const initialValues: EntryValues = { channel: "staff_proxy", priority: "normal", location: { crs: "wgs84" } };
  return (
    <FormDrawer
      title={t("cases.entry.title")}
      width={880}
      form={form}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={initialValues}
      testIdPrefix="case-entry"
      formTestId="case-entry-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="channel" label={t("cases.col.channel")}>
            <Radio.Group optionType="button" buttonStyle="solid" options={ENTRY_CHANNELS.map((value) => ({ value, label: label(CASE_CHANNEL_LABELS[value]) }))} data-testid="case-entry-channel" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="priority" label={t("cases.detail.priority")}>
            <Radio.Group optionType="button" options={CASE_PRIORITIES.map((value) => ({ value, label: label(CASE_PRIORITY_LABELS[value]) }))} data-testid="case-entry-priority" />
          </Form.Item>
        </Col>
      </Row>
      {channel === "hotline" ? (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="hotlineOrderNo" label={t("cases.detail.hotlineOrderNo")} rules={[{ pattern: LIMITS.hotlineOrderNo.pattern, message: t("cases.entry.hotlineOrderNoInvalid") }]}>
              <Input maxLength={LIMITS.hotlineOrderNo.max} data-testid="case-entry-hotline-no" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="reportedAt" label={t("cases.entry.reportedAt")} extra={t("cases.entry.reportedAtHint")}>
              <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} data-testid="case-entry-reported-at" />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      <Form.Item
        name="categoryId"
        label={t("cases.col.category")}
        rules={[{ required: true, message: t("cases.entry.categoryRequired") }]}
        extra={category && categoryStandards(category, locale).filing ? t("cases.entry.filingStandard", { text: categoryStandards(category, locale).filing! }) : undefined}
      >
        <CategorySelect categories={categories} isLeafOnly isActiveOnly placeholder={t("cases.entry.categoryPlaceholder")} data-testid="case-entry-category" />
      </Form.Item>
      <Form.Item name="description" label={t("cases.entry.description")} rules={[{ required: true, whitespace: true, message: t("cases.entry.descriptionRequired") }]}>
        <Input.TextArea rows={3} maxLength={LIMITS.caseDescription.max} showCount data-testid="case-entry-description" />
      </Form.Item>
      {category ? <ExtraFields fields={category.fields} /> : null}

      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        {t("cases.entry.where")}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={13}>
          {settings.data ? (
            <CaseMap settings={settings.data} grids={outlines} marker={marker} onPick={pick} height={260} testId="case-entry-map" />
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("cases.entry.mapHint")}
          </Typography.Text>
        </Col>
        <Col xs={24} md={11}>
          <Flex gap={8}>
            <Form.Item name={["location", "lng"]} label={t("map.locate.lng")} style={{ flex: 1 }}>
              <InputNumber min={LIMITS.longitude.min} max={LIMITS.longitude.max} step={0.000001} style={{ width: "100%" }} data-testid="case-entry-lng" />
            </Form.Item>
            <Form.Item name={["location", "lat"]} label={t("map.locate.lat")} style={{ flex: 1 }}>
              <InputNumber min={LIMITS.latitude.min} max={LIMITS.latitude.max} step={0.000001} style={{ width: "100%" }} data-testid="case-entry-lat" />
            </Form.Item>
          </Flex>
          <Form.Item name={["location", "crs"]} label={t("map.locate.crs")}>
            <CrsSelect testId="case-entry-crs" />
          </Form.Item>
          {located ? (
            <Typography.Paragraph type={located.isInside ? undefined : "warning"} style={{ marginBottom: 8 }} data-testid="case-entry-grid">
              {located.isInside ? t("cases.entry.inGrid", { grid: located.chain.map((grid) => grid.name).join(" / ") }) : located.message}
            </Typography.Paragraph>
          ) : null}
          <Form.Item name="address" label={t("cases.detail.address")}>
            <Input maxLength={LIMITS.caseAddress.max} data-testid="case-entry-address" />
          </Form.Item>
        </Col>
      </Row>
      {duplicates && duplicates.items.length > 0 ? (
        <Alert
          type="warning"
          icon={<WarningOutlined />}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="case-entry-duplicates"
          title={t("cases.entry.duplicates", { count: duplicates.items.length, radius: duplicates.radiusM })}
          description={
            <List
              size="small"
              dataSource={duplicates.items}
              renderItem={(item) => (
                <List.Item style={{ paddingInline: 0 }} data-testid={`case-entry-duplicate-${item.number}`}>
                  <Flex vertical style={{ width: "100%" }}>
                    <Flex gap={8} align="center" wrap>
                      <Link to={`/cases/${item.id}`} target="_blank">
                        {item.number}
                      </Link>
                      <StateTag state={item.state} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t("cases.entry.distance", { m: Math.round(item.distanceM) })} · {formatDateTime(item.reportedAt)}
                      </Typography.Text>
                    </Flex>
                    <Typography.Text ellipsis={{ tooltip: item.description }} style={{ maxWidth: 760 }}>
                      {item.description}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          }
        />
      ) : null}

      <Divider titlePlacement="start" plain>
        {t("cases.entry.who")}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={["reporter", "name"]} label={t("cases.detail.reporterName")}>
            <Input maxLength={LIMITS.caseReporterName.max} data-testid="case-entry-reporter-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={["reporter", "phone"]} label={t("cases.detail.reporterPhone")} rules={[{ pattern: LIMITS.phone.pattern, message: t("cases.entry.phoneInvalid") }]}>
            <Input maxLength={LIMITS.phone.length} data-testid="case-entry-reporter-phone" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="photoIds" label={t("cases.detail.photos")} extra={t("cases.photo.hint")}>
        <PhotoUpload testId="case-entry-photos" />
      </Form.Item>
    </FormDrawer>
  );
}
