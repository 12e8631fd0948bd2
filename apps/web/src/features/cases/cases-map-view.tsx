import { SLA_STATUS_LABELS, SLA_STATUSES } from "@caihong/contracts/constants";
import { GRID_LEVEL } from "@caihong/domain/grids";
import { Alert, Flex, Spin, Typography } from "antd";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { getCaseMap, type TCaseMapFilters } from "../../api/cases";
import { isApiError } from "../../api/client";
import { getGridMap, getMapSettings } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { useSession } from "../../app/session";
import { LoadError } from "../../components/status-pages";
import { useI18n } from "../../i18n/i18n";
import { CaseMap, type CaseMapPoint } from "./case-map";
import { SLA_COLORS } from "./case-tags";

/** 地图: the open cases in scope as points coloured by SLA over the grid outlines; a click opens the case. */
export function CasesMapView({ filters }: { filters: TCaseMapFilters }) {
  const { t, label } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const settings = useRequest(() => getMapSettings(), []);
  const grids = useRequest(() => getGridMap(), [], can("grids.read"));
  const cases = useRequest(() => getCaseMap(filters), [filters.categoryId, filters.sla]);
  // Micro grids would bury the points; the coarser three levels give the bearings.
  const outlines = useMemo(() => (grids.data?.features ?? []).filter((feature) => feature.properties.level <= GRID_LEVEL.autonomous), [grids.data]);
  const points = useMemo<CaseMapPoint[]>(
    () =>
      (cases.data?.features ?? []).map((feature) => ({
        id: feature.properties.id,
        lng: feature.geometry.coordinates[0],
        lat: feature.geometry.coordinates[1],
        color: SLA_COLORS[feature.properties.sla] ?? SLA_COLORS.none,
        title: feature.properties.number,
        lines: [`${feature.properties.category} · ${label(SLA_STATUS_LABELS[feature.properties.sla])}`, feature.properties.description],
        testId: `case-marker-${feature.properties.number}`,
      })),
    [cases.data, label],
  );

  if (cases.error) return <LoadError onRetry={cases.reload} detail={isApiError(cases.error) ? cases.error.problem.detail : undefined} />;
  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" data-testid="case-map-count">
          {cases.loading ? t("cases.map.loading") : t("cases.map.count", { count: points.length })}
        </Typography.Text>
        <Flex gap={12} wrap data-testid="case-map-legend">
          {SLA_STATUSES.map((sla) => (
            <Flex key={sla} gap={4} align="center">
              <span style={{ display: "inline-block", width: 10, height: 10, borderRadius: "50%", background: SLA_COLORS[sla] }} />
              <Typography.Text style={{ fontSize: 12 }}>{label(SLA_STATUS_LABELS[sla])}</Typography.Text>
            </Flex>
          ))}
        </Flex>
      </Flex>
      {settings.data ? (
        <Spin spinning={cases.loading}>
          <CaseMap settings={settings.data} grids={outlines} points={points} onPointClick={(id) => navigate(`/cases/${id}`)} height="calc(100vh - 420px)" testId="case-map" />
        </Spin>
      ) : (
        <Spin style={{ display: "block", margin: "64px auto" }} />
      )}
      {!cases.loading && points.length === 0 ? <Alert type="info" showIcon style={{ marginTop: 8 }} title={t("cases.map.empty")} /> : null}
    </div>
  );
}
