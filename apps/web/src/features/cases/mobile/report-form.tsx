import { LIMITS, formatMessage } from "@caihong/contracts/constants";
import { Alert, App, Button, Card, Flex, Form, Input, Spin, Switch, Typography } from "antd";
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  findDuplicates,
  listCaseCategories,
  listPublicCaseCategories,
  uploadCasePhoto,
  uploadPublicCasePhoto,
  type TCaseCategory,
  type TCaseCreated,
  type TDuplicateList,
  type TPublicCaseCreated,
} from "../../../api/cases";
import { useRequest } from "../../../api/hooks";
import { useSession } from "../../../app/session";
import { FirstErrorAlert, useFirstErrorReveal } from "../../../components/first-error";
import { LoadError } from "../../../components/status-pages";
import { useProblemHandler } from "../../../components/use-problem";
import { useI18n } from "../../../i18n/i18n";
import { newIdempotencyKey, reportCase, reportPublicCase } from "./api";
import { CategoryPicker } from "./category-picker";
import type { ReportLocation } from "./report-location";
import { attributesToSend, ExtraFields, type FieldValue } from "./extra-fields";
import { LocationField } from "./location-field";
import { PhotoPicker, usePhotoUploads } from "./photo-picker";

/** Who reports: a signed-in resident, a grid worker on patrol, or anyone without an account. */
export type ReportMode = "resident" | "patrol" | "public";

/** What a submitted report gave back. */
export type ReportOutcome = { kind: "case"; created: TCaseCreated } | { kind: "public"; created: TPublicCaseCreated };

interface ReportValues {
  categoryId?: string;
  description?: string;
  location?: ReportLocation | null;
  address?: string;
  attributes?: Record<string, FieldValue>;
  anonymous?: boolean;
  contact?: { name?: string; phone?: string };
}

const NO_CATEGORIES: TCaseCategory[] = [];

/** Open cases of the category near the point, for a signed-in reporter (informational only). */
function useDuplicates(categoryId: string | undefined, location: ReportLocation | null | undefined, isEnabled: boolean): TDuplicateList | null {
  const [found, setFound] = useState<TDuplicateList | null>(null);
  useEffect(() => {
    setFound(null);
    if (!isEnabled || !categoryId || !location) return;
    let isCurrent = true;
    findDuplicates({ categoryId, lng: location.lng, lat: location.lat, crs: location.crs }).then(
      (list) => {
        if (isCurrent) setFound(list);
      },
      () => {
        // Only a hint: a failed look-up just shows none.
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [categoryId, location, isEnabled]);
  return found;
}

/**
 * The report form of the phone pages: category (大类 → 小类 with its 立案标准), description, up to
 * nine photos, the place (GPS, map or typed coordinates with their system), address, the
 * category's extra fields, and — for residents — anonymity. The Idempotency-Key is made when the
 * form opens and reused by every retry, so a double tap or a resend after a lost answer gives
 * one case. Test ids are prefixed `report-`.
 */
export function ReportForm({ mode, onDone }: { mode: ReportMode; onDone: (outcome: ReportOutcome) => void }) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const onProblem = useProblemHandler();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [isVerifying, setIsVerifying] = useState(false);
  const isPublic = mode === "public";
  const photos = usePhotoUploads(isPublic ? uploadPublicCasePhoto : uploadCasePhoto);
  const categories = useRequest(() => (isPublic ? listPublicCaseCategories() : listCaseCategories()), [isPublic]);
  const items = categories.data?.items ?? NO_CATEGORIES;

  const categoryId = Form.useWatch("categoryId", form);
  const location = Form.useWatch("location", form);
  const category = useMemo(() => items.find((c) => c.id === categoryId), [items, categoryId]);
  const duplicates = useDuplicates(categoryId, location, !isPublic && can("cases.read"));
  const describeError = useCallback((first: string, count: number) => (count > 1 ? t("mobile.report.errorsMany", { first, count }) : t("mobile.report.errorsOne", { first })), [t]);
  const errors = useFirstErrorReveal(form, describeError);

  if (categories.error) return <LoadError onRetry={categories.reload} />;
  if (!categories.data) return <Spin style={{ display: "block", margin: "48px auto" }} />;

  const submit = async (values: ReportValues) => {
    if (photos.photos.some((photo) => photo.status === "error")) {
      void message.error(t("mobile.photos.removeFailed"));
      return;
    }
    setIsSubmitting(true);
    errors.clear();
    const common = {
      categoryId: values.categoryId!,
      description: values.description!.trim(),
      location: values.location!,
      address: values.address?.trim() || undefined,
      photoIds: photos.ids,
      attributes: attributesToSend(values.attributes),
    };
    try {
      if (isPublic) {
        const name = values.contact?.name?.trim();
        const phone = values.contact?.phone?.trim();
        const contact = name || phone ? { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } : undefined;
        onDone({ kind: "public", created: await reportPublicCase({ ...common, contact }, idempotencyKey, setIsVerifying) });
      } else {
        const channel = mode === "patrol" ? "patrol" : "resident_app";
        onDone({ kind: "case", created: await reportCase({ ...common, channel, anonymous: mode === "resident" && Boolean(values.anonymous) }, idempotencyKey) });
      }
    } catch (err) {
      onProblem(err, form);
      // The server's field errors are now on their fields, often far above the button: go there.
      errors.reveal();
    } finally {
      setIsSubmitting(false);
    }
  };
  const nearby = duplicates?.items.length ?? 0;

  return (
    <Form<ReportValues> form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)} onFinishFailed={() => errors.reveal()} data-testid="report-form">
      <Flex vertical gap={12}>
        <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
          <Form.Item name="categoryId" label={t("mobile.report.category")} rules={[{ required: true, message: t("mobile.report.categoryRequired") }]}>
            <CategoryPicker categories={items} testId="report-category" />
          </Form.Item>
          {category?.fields.length ? <ExtraFields fields={category.fields} testId="report-field" /> : null}
        </Card>
        <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
          <Form.Item
            name="description"
            label={t("mobile.report.description")}
            rules={[{ required: true, whitespace: true, message: t("mobile.report.descriptionRequired") }, { max: LIMITS.caseDescription.max }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={LIMITS.caseDescription.max}
              showCount
              placeholder={t("mobile.report.descriptionPlaceholder")}
              data-testid="report-description"
            />
          </Form.Item>
          <Form.Item label={t("mobile.report.photos")}>
            <PhotoPicker uploads={photos} testId="report-photo" />
          </Form.Item>
        </Card>
        <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
          <Form.Item name="location" label={t("mobile.report.location")} rules={[{ required: true, message: t("mobile.report.locationRequired") }]}>
            <LocationField canUseMap isPublicMap={isPublic || !can("grids.read")} testId="report-location" />
          </Form.Item>
          {nearby > 0 ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="report-duplicates"
              title={t("mobile.report.duplicates", { count: nearby })}
              description={t("mobile.report.duplicatesHint", { meters: duplicates!.radiusM })}
            />
          ) : null}
          <Form.Item name="address" label={t("mobile.report.address")}>
            <Input maxLength={LIMITS.caseAddress.max} placeholder={t("mobile.report.addressPlaceholder")} data-testid="report-address" />
          </Form.Item>
        </Card>
        {mode === "resident" ? (
          <Card size="small">
            <Flex align="center" justify="space-between" gap={12}>
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong>{t("mobile.report.anonymous")}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                  {t("mobile.report.anonymousHint")}
                </Typography.Paragraph>
              </div>
              <Form.Item name="anonymous" valuePropName="checked" noStyle>
                <Switch aria-label={t("mobile.report.anonymous")} data-testid="report-anonymous" />
              </Form.Item>
            </Flex>
          </Card>
        ) : null}
        {isPublic ? (
          <Card size="small" title={t("mobile.report.contact")} styles={{ body: { paddingBottom: 0 } }}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t("mobile.report.contactHint")}
            </Typography.Paragraph>
            <Form.Item name={["contact", "name"]} label={t("mobile.report.contactName")} rules={[{ max: LIMITS.caseReporterName.max }]}>
              <Input maxLength={LIMITS.caseReporterName.max} autoComplete="name" data-testid="report-contact-name" />
            </Form.Item>
            <Form.Item
              name={["contact", "phone"]}
              label={t("mobile.report.contactPhone")}
              rules={[{ pattern: LIMITS.phone.pattern, message: formatMessage("phone.invalid", locale) }]}
            >
              <Input type="tel" inputMode="numeric" maxLength={LIMITS.phone.length} autoComplete="tel" data-testid="report-contact-phone" />
            </Form.Item>
          </Card>
        ) : null}
        <FirstErrorAlert announcement={errors.announcement} testId="report-errors" />
        <Button type="primary" htmlType="submit" size="large" block loading={isSubmitting} disabled={photos.isUploading} data-testid="report-submit">
          {photos.isUploading ? t("mobile.photos.uploading") : isVerifying ? t("mobile.report.verifying") : t("mobile.report.submit")}
        </Button>
        <div role="status" aria-live="polite" data-testid="report-verifying" style={isVerifying ? { textAlign: "center" } : { position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
          {isVerifying ? t("mobile.report.verifyingHint") : ""}
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: "center" }}>
          {t("mobile.report.emergency")}
        </Typography.Paragraph>
      </Flex>
    </Form>
  );
}
