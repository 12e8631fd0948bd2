import { ArrowLeftOutlined, EyeOutlined } from "@ant-design/icons";
import type { TCaseAction } from "@caihong/contracts/constants";
import { CASE_ACTION_LABELS, CASE_PRIORITY_LABELS, SATISFACTION_LABELS } from "@caihong/contracts/constants";
import { isRunning } from "@caihong/domain/cases/sla";
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Image, Row, Skeleton, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { getCase, revealCaseReporter, type TCaseDetail } from "../../api/cases";
import { isApiError } from "../../api/client";
import { getGridMap, getMapSettings, type TGridMapFeature } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { useSession } from "../../app/session";
import { LoadError, NotFoundPage } from "../../components/status-pages";
import { UserText } from "../../components/user-text";
import { useReveal } from "../../components/use-reveal";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { DemoTag } from "../people/demo-tag";
import { ACTION_FORMS, CaseActionModal } from "./case-action-modal";
import { CaseMap } from "./case-map";
import { CaseSlaTag, ChannelText, DueCountdown, StateTag } from "./case-tags";
import { CaseTimeline } from "./case-timeline";
import { useCaseCategories, useCategoryName } from "./category-select";
import { attributeText, categoryStandards, fieldLabel } from "./dictionary";

/** Primary buttons for the step the case is waiting for; the rest are plain. */
const PRIMARY_ACTIONS: readonly TCaseAction[] = ["file", "dispatch", "acknowledge", "start", "handle", "verify", "close", "approve_return", "approve_extension", "follow_up"];

/** 案件详情: the case, its photos and location, the reporter (masked), the timeline, and the steps the caller may take. */
export function CaseDetailPage() {
  const { id = "" } = useParams();
  const state = useRequest(() => getCase(id), [id]);
  if (state.error && isApiError(state.error, "NOT_FOUND")) return <NotFoundPage />;
  if (state.error) return <LoadError onRetry={state.reload} detail={isApiError(state.error) ? state.error.problem.detail : undefined} />;
  if (!state.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  return <CaseDetail detail={state.data} onReload={state.reload} onChange={state.setData} />;
}

function CaseDetail({ detail, onReload, onChange }: { detail: TCaseDetail; onReload: () => void; onChange: (fresh: TCaseDetail) => void }) {
  const { t, label, locale } = useI18n();
  const { can } = useSession();
  const { categories } = useCaseCategories();
  const categoryName = useCategoryName();
  const [action, setAction] = useState<TCaseAction | null>(null);
  const category = categories.find((item) => item.id === detail.categoryId);
  const parent = category?.parentId ? categories.find((item) => item.id === category.parentId) : undefined;
  const reportPhotos = detail.photos.filter((photo) => photo.kind === "report");

  const attributes = Object.entries(detail.attributes);
  const fieldOf = (code: string) => category?.fields.find((field) => field.code === code);
  const standards = category ? categoryStandards(category, locale) : null;

  return (
    <div data-testid="case-detail">
      <Link to="/cases" style={{ display: "inline-block", marginBottom: 8 }} data-testid="case-back">
        <ArrowLeftOutlined /> {t("cases.backToQueue")}
      </Link>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
        <Flex align="center" wrap gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-detail-number">
            {detail.number}
          </Typography.Title>
          <StateTag state={detail.state} />
          <CaseSlaTag sla={detail.sla} state={detail.state} />
          {detail.priority === "urgent" ? <Tag color="red">{label(CASE_PRIORITY_LABELS.urgent)}</Tag> : null}
          {detail.isDemo ? <DemoTag /> : null}
        </Flex>
        <Flex wrap gap={8} data-testid="case-actions">
          {detail.allowedActions.map((allowed) => (
            <Button
              key={allowed}
              type={PRIMARY_ACTIONS.includes(allowed) ? "primary" : "default"}
              danger={ACTION_FORMS[allowed].isDanger}
              onClick={() => setAction(allowed)}
              data-testid={`case-action-${allowed}`}
            >
              {label(CASE_ACTION_LABELS[allowed])}
            </Button>
          ))}
        </Flex>
      </Flex>

      {detail.mergedInto ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span>
              {t("cases.detail.mergedInto")} <Link to={`/cases/${detail.mergedInto.id}`}>{detail.mergedInto.number}</Link>
            </span>
          }
        />
      ) : null}
      {detail.extensionRequest ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("cases.detail.extensionPending", { due: formatDateTime(detail.extensionRequest.dueAt) })}
          description={<UserText>{detail.extensionRequest.reason}</UserText>}
          data-testid="case-extension-request"
        />
      ) : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <Card title={t("cases.detail.info")} size="small">
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  { key: "category", label: t("cases.col.category"), children: parent && category ? `${categoryName(parent)} / ${categoryName(category)}` : detail.categoryName },
                  { key: "grid", label: t("cases.col.grid"), children: detail.gridName ? <UserText>{detail.gridName}</UserText> : "—" },
                  { key: "assignee", label: t("cases.col.assignee"), children: detail.assignee ? <UserText>{detail.assignee.label}</UserText> : "—" },
                  { key: "channel", label: t("cases.col.channel"), children: <ChannelText channel={detail.channel} /> },
                  { key: "priority", label: t("cases.detail.priority"), children: label(CASE_PRIORITY_LABELS[detail.priority]) },
                  { key: "reported", label: t("cases.col.reportedAt"), children: formatDateTime(detail.reportedAt) },
                  { key: "due", label: t("cases.col.dueAt"), span: 2, children: <DueCountdown dueAt={detail.handleDueAt} isRunning={isRunning(detail.state)} /> },
                  { key: "ackDue", label: t("cases.detail.ackDueAt"), children: formatDateTime(detail.ackDueAt) || "—" },
                  { key: "closeDue", label: t("cases.detail.closeDueAt"), children: formatDateTime(detail.closeDueAt) || "—" },
                  { key: "closed", label: t("cases.detail.closedAt"), children: formatDateTime(detail.closedAt) || "—" },
                  ...(detail.hotlineOrderNo ? [{ key: "hotline", label: t("cases.detail.hotlineOrderNo"), children: detail.hotlineOrderNo }] : []),
                  ...(detail.satisfaction ? [{ key: "satisfaction", label: t("cases.detail.satisfaction"), children: <SatisfactionText value={detail.satisfaction} /> }] : []),
                  { key: "counts", label: t("cases.detail.counts"), span: 3, children: t("cases.detail.countsText", { rework: detail.reworkCount, ret: detail.returnCount, ext: detail.extensionCount, reopen: detail.reopenCount }) },
                  { key: "address", label: t("cases.detail.address"), span: 3, children: detail.address ? <UserText>{detail.address}</UserText> : "—" },
                  ...(detail.gridOverrideReason ? [{ key: "override", label: t("cases.detail.gridOverride"), span: 3, children: <UserText>{detail.gridOverrideReason}</UserText> }] : []),
                ]}
              />
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginTop: 12, marginBottom: 0 }} data-testid="case-detail-description">
                <UserText>{detail.description}</UserText>
              </Typography.Paragraph>
              {attributes.length > 0 ? (
                <Descriptions
                  size="small"
                  style={{ marginTop: 12 }}
                  title={t("cases.detail.attributes")}
                  column={{ xs: 1, sm: 2 }}
                  items={attributes.map(([code, value]) => {
                    const field = fieldOf(code);
                    const shown = attributeText(field, value, locale);
                    return { key: code, label: field ? fieldLabel(field, locale) : code, children: shown.isData ? <UserText>{shown.text}</UserText> : <span data-testid={`case-attribute-${code}`}>{shown.text}</span> };
                  })}
                />
              ) : null}
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t("cases.detail.photos")}
              </Typography.Title>
              {reportPhotos.length > 0 ? (
                <Flex gap={8} wrap data-testid="case-photos">
                  <Image.PreviewGroup>
                    {reportPhotos.map((photo, index) => (
                      <Image key={photo.id} width={104} height={104} src={photo.thumbUrl} preview={{ src: photo.url }} style={{ objectFit: "cover", borderRadius: 6 }} alt={t("cases.photo.alt", { n: index + 1 })} />
                    ))}
                  </Image.PreviewGroup>
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t("cases.detail.noPhotos")}</Typography.Text>
              )}
            </Card>
            <Card title={t("cases.detail.timeline")} size="small">
              <CaseTimeline detail={detail} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <LocationCard detail={detail} />
            <ReporterCard detail={detail} canReveal={can("personal.unmask")} />
            {detail.duplicates.length > 0 ? (
              <Card title={t("cases.detail.duplicates")} size="small" data-testid="case-duplicates">
                <Flex vertical gap={4}>
                  {detail.duplicates.map((duplicate) => (
                    <Link key={duplicate.id} to={`/cases/${duplicate.id}`}>
                      {duplicate.number}
                    </Link>
                  ))}
                </Flex>
              </Card>
            ) : null}
            {standards && (standards.filing || standards.closing) ? (
              <Card title={t("cases.detail.standards")} size="small" data-testid="case-standards">
                {standards.filing ? (
                  <Typography.Paragraph style={{ marginBottom: 8 }}>
                    <Typography.Text strong>{t("cases.detail.filingStandard")}</Typography.Text>
                    {standards.filing}
                  </Typography.Paragraph>
                ) : null}
                {standards.closing ? (
                  <Typography.Paragraph style={{ marginBottom: 0 }}>
                    <Typography.Text strong>{t("cases.detail.closingStandard")}</Typography.Text>
                    {standards.closing}
                  </Typography.Paragraph>
                ) : null}
              </Card>
            ) : null}
          </Flex>
        </Col>
      </Row>

      {action ? (
        <CaseActionModal
          detail={detail}
          action={action}
          category={category}
          onClose={() => setAction(null)}
          onDone={(fresh) => {
            setAction(null);
            onChange(fresh);
          }}
          onConflict={() => {
            setAction(null);
            onReload();
          }}
        />
      ) : null}
    </div>
  );
}

function SatisfactionText({ value }: { value: NonNullable<TCaseDetail["satisfaction"]> }) {
  const { label } = useI18n();
  return <>{label(SATISFACTION_LABELS[value])}</>;
}

const NO_GRIDS: TGridMapFeature[] = [];

/** The small map with the case's point over the grid outlines. */
function LocationCard({ detail }: { detail: TCaseDetail }) {
  const { t } = useI18n();
  const { can } = useSession();
  const settings = useRequest(() => getMapSettings(), []);
  // Micro-grid outlines give the point its surroundings (no tiles by default).
  const grids = useRequest(() => getGridMap(4), [], can("grids.read") && Boolean(detail.location));
  const location = detail.location;
  const marker = useMemo(() => (location ? { lng: location.lng, lat: location.lat } : null), [location]);
  return (
    <Card title={t("cases.detail.location")} size="small" styles={{ body: { padding: 8 } }}>
      {!location ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("cases.detail.noLocation")} />
      ) : settings.data ? (
        <>
          <CaseMap settings={settings.data} grids={grids.data?.features ?? NO_GRIDS} marker={marker} height={240} testId="case-location-map" />
          <Typography.Text type="secondary" style={{ fontSize: 12, display: "block", marginTop: 4 }}>
            WGS84 {location.lng.toFixed(6)}, {location.lat.toFixed(6)}
          </Typography.Text>
        </>
      ) : (
        <Skeleton.Node active style={{ width: "100%", height: 240 }} />
      )}
    </Card>
  );
}

/** The reporter, masked; the full contact on request (personal.unmask; the server audits it). */
function ReporterCard({ detail, canReveal }: { detail: TCaseDetail; canReveal: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reveal = useReveal(
    () => revealCaseReporter(detail.id),
    () => void message.info(t("cases.detail.revealAudited")),
  );
  const revealed = reveal.shown;
  const hasContact = Boolean(detail.reporter.name || detail.reporter.phoneMasked);
  return (
    <Card
      title={t("cases.detail.reporter")}
      size="small"
      extra={
        canReveal && hasContact && !reveal.isShown ? (
          <Button size="small" icon={<EyeOutlined />} loading={reveal.isLoading} onClick={() => void reveal.toggle()} data-testid="case-reporter-reveal">
            {t("cases.detail.reveal")}
          </Button>
        ) : null
      }
      data-testid="case-reporter"
    >
      {detail.anonymous ? <Tag style={{ marginBottom: 8 }}>{t("cases.detail.anonymous")}</Tag> : null}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: "name", label: t("cases.detail.reporterName"), children: <ReporterName name={revealed ? revealed.name : detail.reporter.name} /> },
          { key: "phone", label: t("cases.detail.reporterPhone"), children: <span data-testid="case-reporter-phone">{(revealed ? revealed.phone : detail.reporter.phoneMasked) ?? "—"}</span> },
        ]}
      />
    </Card>
  );
}

function ReporterName({ name }: { name: string | null }) {
  return name ? <UserText>{name}</UserText> : <>—</>;
}
