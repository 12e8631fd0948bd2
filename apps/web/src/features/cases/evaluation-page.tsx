import type { TEvaluationMetric } from "@caihong/contracts/constants";
import { EVALUATION_METRIC_LABELS } from "@caihong/contracts/constants";
import { GRID_LEVEL } from "@caihong/domain/grids";
import { Card, Col, DatePicker, Empty, Flex, Row, Segmented, Select, Skeleton, Table, Tooltip, Typography, theme, type TableColumnsType } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { evaluationExportUrl, getEvaluation, type TEvaluation, type TEvaluationCasesFilters, type TEvaluationQuery, type TEvaluationRow, type TRatio } from "../../api/cases";
import { isApiError } from "../../api/client";
import { useRequest } from "../../api/hooks";
import { useGrids } from "../../api/reference";
import { useReferenceDate, type ReferenceDate } from "../../app/reference-date";
import { useSession } from "../../app/session";
import { gridLevelLabel } from "../../components/grid-level";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { PageHeader } from "../../components/page-header";
import { LoadError } from "../../components/status-pages";
import { useI18n, type MessageKey } from "../../i18n/i18n";
import { ExportLink } from "../../components/export-link";
import { EChart, type ChartOption } from "./echart";
import { EvaluationDrawer } from "./evaluation-drawer";

type RateMetric = Exclude<TEvaluationMetric, "reported" | "avgHandlingHours">;
type Part = "numerator" | "denominator";
type DrillMetric = TEvaluationCasesFilters["metric"];

const RATE_METRICS: readonly RateMetric[] = ["filingRate", "onTimeHandlingRate", "closingRate", "onTimeClosingRate", "reworkRate", "extensionRate", "satisfactionRate"];
/** The three rates the bar chart compares per group. */
const CHART_METRICS: readonly RateMetric[] = ["onTimeHandlingRate", "closingRate", "satisfactionRate"];
/** Rates where a higher figure is worse (coloured the other way round). */
const LOWER_IS_BETTER: readonly RateMetric[] = ["reworkRate", "extensionRate"];

const GROUPINGS = [`grid:${GRID_LEVEL.disposal}`, `grid:${GRID_LEVEL.autonomous}`, `grid:${GRID_LEVEL.micro}`, "unit", "category"] as const;
type Grouping = (typeof GROUPINGS)[number];

const PICKERS = ["month", "quarter", "date"] as const;
type Picker = (typeof PICKERS)[number];

/** The six months up to `end`, including its own month. */
function sixMonthsTo(end: Dayjs): [Dayjs, Dayjs] {
  return [end.subtract(5, "month").startOf("month"), end];
}

function groupingOf(value: Grouping): Pick<TEvaluationQuery, "groupBy" | "level"> {
  if (value.startsWith("grid:")) return { groupBy: "grid", level: Number(value.slice("grid:".length)) };
  return { groupBy: value as "unit" | "category", level: GRID_LEVEL.disposal };
}

function percent(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(1)}%`;
}

/** A drill-down to open: the figure's group, indicator and part. */
interface Drill {
  title: string;
  filters: TEvaluationCasesFilters;
}

/**
 * 考核评价: indicators per disposal / autonomous / micro grid, responsible unit or category over a
 * period, with the total, two charts and Excel. Every figure opens the cases behind it. The period
 * opens on the six months up to the tenant's reference date (the demo's last day, else today).
 */
export function EvaluationPage() {
  const reference = useReferenceDate();
  if (!reference) return <Skeleton active paragraph={{ rows: 12 }} />;
  return <Evaluation reference={reference} />;
}

function Evaluation({ reference }: { reference: ReferenceDate }) {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { grids } = useGrids(can("grids.read"));
  const [picker, setPicker] = useState<Picker>("date");
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => sixMonthsTo(reference.date));
  const [grouping, setGrouping] = useState<Grouping>(`grid:${GRID_LEVEL.disposal}`);
  const [gridId, setGridId] = useState<string | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);

  const query: TEvaluationQuery = useMemo(
    () => ({ from: range[0].format("YYYY-MM-DD"), to: range[1].format("YYYY-MM-DD"), ...groupingOf(grouping), ...(gridId ? { gridId } : {}) }),
    [range, grouping, gridId],
  );
  const state = useRequest(() => getEvaluation(query), [query]);
  const data = state.data;

  const metricLabel = (metric: TEvaluationMetric | "overdue") => (metric === "overdue" ? t("evaluation.trend.overdue") : label(EVALUATION_METRIC_LABELS[metric]));
  const partLabel = (metric: RateMetric, part: Part) => t(`evaluation.part.${metric}.${part}` as MessageKey);

  /** Opens the cases behind a figure of a row (`row` null = the total). */
  const open = (row: TEvaluationRow | null, metric: DrillMetric, part: Part, period?: { from: string; to: string; count: number }) => {
    const source = row ?? data?.total;
    const name = row?.name ?? t("evaluation.total");
    const what = metric === "reported" || metric === "avgHandlingHours" || metric === "overdue" ? metricLabel(metric) : `${metricLabel(metric)} · ${partLabel(metric, part)}`;
    // The figure clicked, so the list's length can be checked against it.
    const count = period
      ? period.count
      : !source
        ? undefined
        : metric === "reported"
          ? source.reported
          : metric === "avgHandlingHours"
            ? source.handledCount
            : metric === "overdue"
              ? undefined
              : source[metric][part];
    setDrill({
      title: [period ? `${period.from} ~ ${period.to}` : name, what, count === undefined ? null : t("evaluation.drawer.count", { count })].filter(Boolean).join(" · "),
      filters: { ...query, ...(period ? { from: period.from, to: period.to } : {}), metric, part, ...(row ? { key: row.key } : {}) },
    });
  };

  // Presets count back from the reference date (for the demo: October 2021 is "this month").
  const end = reference.date;
  const presets = [
    { label: t("evaluation.preset.thisMonth"), value: [end.startOf("month"), end] as [Dayjs, Dayjs] },
    { label: t("evaluation.preset.lastMonth"), value: [end.subtract(1, "month").startOf("month"), end.subtract(1, "month").endOf("month")] as [Dayjs, Dayjs] },
    { label: t("evaluation.preset.lastSixMonths"), value: sixMonthsTo(end) },
    { label: t("evaluation.preset.thisYear"), value: [end.startOf("year"), end] as [Dayjs, Dayjs] },
    ...(reference.isFixed ? [{ label: t("evaluation.preset.sixMonthsToToday"), value: sixMonthsTo(reference.today) }] : []),
  ];

  const groupingOptions = GROUPINGS.map((value) => ({
    value,
    label: value.startsWith("grid:") ? t("evaluation.groupBy.grid", { level: gridLevelLabel(Number(value.slice("grid:".length)), label) }) : t(value === "unit" ? "evaluation.groupBy.unit" : "evaluation.groupBy.category"),
  }));

  return (
    <>
      <PageHeader
        title={t("evaluation.title")}
        description={t("evaluation.intro")}
        extra={<ExportLink href={evaluationExportUrl(query)} label={t("evaluation.export")} testId="evaluation-export" />}
      />
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Segmented<Picker>
          value={picker}
          onChange={setPicker}
          options={PICKERS.map((value) => ({ value, label: t(`evaluation.picker.${value}`) }))}
          data-testid="evaluation-picker"
        />
        <span data-testid="evaluation-range">
        <DatePicker.RangePicker
          picker={picker}
          value={range}
          allowClear={false}
          presets={presets}
          onChange={(next) => {
            if (!next?.[0] || !next[1]) return;
            // Month and quarter pickers give the first day of each: take the whole last month/quarter.
            const end = picker === "month" ? next[1].endOf("month") : picker === "quarter" ? next[1].add(2, "month").endOf("month") : next[1];
            setRange([next[0].startOf(picker === "date" ? "day" : "month"), end]);
          }}
        />
        </span>
        <Select<Grouping> aria-label={t("evaluation.groupBy.label")} value={grouping} onChange={setGrouping} options={groupingOptions} style={{ width: 180 }} data-testid="evaluation-group-by" />
        {grids.length > 0 ? (
          <div style={{ width: 220 }}>
            <GridTreeSelect grids={grids} value={gridId} onChange={setGridId} placeholder={t("evaluation.subtree")} ariaLabel={t("evaluation.subtree")} data-testid="evaluation-grid" />
          </div>
        ) : null}
        {data ? (
          <Typography.Text type="secondary" data-testid="evaluation-period">
            {t("evaluation.period", { from: data.from, to: data.to })}
            {reference.isFixed ? ` · ${t("reference.asOf", { date: reference.date.format("YYYY-MM-DD") })}` : null}
          </Typography.Text>
        ) : null}
      </Flex>

      {state.error ? (
        <LoadError onRetry={state.reload} detail={isApiError(state.error) ? state.error.problem.detail : undefined} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <>
          <SummaryCards total={data.total} onOpen={(metric, part) => open(null, metric, part)} partLabel={partLabel} />
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} xl={14}>
              <Card size="small" title={t("evaluation.chart.rates")}>
                <RatesChart data={data} onOpen={(row, metric) => open(row, metric, "numerator")} />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={t("evaluation.chart.trend")}>
                <TrendChart data={data} onOpen={(metric, period) => open(null, metric, "numerator", period)} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t("evaluation.table")} styles={{ body: { padding: 0 } }}>
            <EvaluationTable data={data} onOpen={open} partLabel={partLabel} />
          </Card>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t("evaluation.footnote")}
          </Typography.Paragraph>
        </>
      )}
      {drill ? <EvaluationDrawer title={drill.title} filters={drill.filters} onClose={() => setDrill(null)} /> : null}
    </>
  );
}

/** The total row as cards: each rate in % with numerator / denominator, each figure clickable. */
function SummaryCards({ total, onOpen, partLabel }: { total: TEvaluationRow; onOpen: (metric: DrillMetric, part: Part) => void; partLabel: (metric: RateMetric, part: Part) => string }) {
  const { t, label } = useI18n();
  const { token } = theme.useToken();
  const link = (text: string | number, onClick: () => void, id: string, tip?: string, color?: string) => (
    <Tooltip title={tip}>
      <Typography.Link onClick={onClick} style={{ fontSize: "inherit", color }} data-testid={id}>
        {text}
      </Typography.Link>
    </Tooltip>
  );
  const rateColor = (metric: RateMetric, ratio: TRatio) => {
    if (ratio.value === null) return token.colorTextTertiary;
    const good = LOWER_IS_BETTER.includes(metric) ? ratio.value <= 0.1 : ratio.value >= 0.9;
    const bad = LOWER_IS_BETTER.includes(metric) ? ratio.value > 0.3 : ratio.value < 0.7;
    return good ? token.colorSuccess : bad ? token.colorError : token.colorWarning;
  };
  return (
    <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(200px, 1fr))", gap: 12, marginBottom: 16 }} data-testid="evaluation-summary">
      <div>
        <Card size="small" style={{ height: "100%" }} data-testid="evaluation-card-reported">
          <Typography.Text type="secondary">{label(EVALUATION_METRIC_LABELS.reported)}</Typography.Text>
          <div style={{ fontSize: 26, fontWeight: 600 }}>{link(total.reported, () => onOpen("reported", "denominator"), "evaluation-total-reported")}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("evaluation.reportedHint")}
          </Typography.Text>
        </Card>
      </div>
      {RATE_METRICS.map((metric) => {
        const ratio = total[metric];
        return (
          <div key={metric}>
            <Card size="small" style={{ height: "100%" }} data-testid={`evaluation-card-${metric}`}>
              <Typography.Text type="secondary">{label(EVALUATION_METRIC_LABELS[metric])}</Typography.Text>
              <div style={{ fontSize: 26, fontWeight: 600, color: token.colorTextTertiary }}>
                {ratio.value === null ? "—" : link(percent(ratio.value), () => onOpen(metric, "numerator"), `evaluation-total-${metric}`, undefined, rateColor(metric, ratio))}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {link(ratio.numerator, () => onOpen(metric, "numerator"), `evaluation-total-${metric}-numerator`, partLabel(metric, "numerator"))}
                {" / "}
                {link(ratio.denominator, () => onOpen(metric, "denominator"), `evaluation-total-${metric}-denominator`, partLabel(metric, "denominator"))}
              </Typography.Text>
            </Card>
          </div>
        );
      })}
      <div>
        <Card size="small" style={{ height: "100%" }} data-testid="evaluation-card-avgHandlingHours">
          <Typography.Text type="secondary">{label(EVALUATION_METRIC_LABELS.avgHandlingHours)}</Typography.Text>
          <div style={{ fontSize: 26, fontWeight: 600 }}>{total.avgHandlingHours === null ? "—" : total.avgHandlingHours.toFixed(1)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {link(t("evaluation.handledCount", { count: total.handledCount }), () => onOpen("avgHandlingHours", "denominator"), "evaluation-total-avgHandlingHours")}
          </Typography.Text>
        </Card>
      </div>
    </div>
  );
}

const SERIES_COLORS = ["#1677ff", "#52c41a", "#faad14"];

/** 按期处置率 / 结案率 / 满意率 per group; a click opens the cases counted in the numerator. */
function RatesChart({ data, onOpen }: { data: TEvaluation; onOpen: (row: TEvaluationRow, metric: RateMetric) => void }) {
  const { label } = useI18n();
  const rows = data.rows;
  const option = useMemo<ChartOption>(
    () => ({
      color: SERIES_COLORS,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (value) => (typeof value === "number" ? `${value.toFixed(1)}%` : "—") },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: rows.length > 8 ? 72 : 40 },
      xAxis: { type: "category", data: rows.map((row) => row.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 35 : 0, width: 90, overflow: "truncate" } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: CHART_METRICS.map((metric) => ({
        type: "bar",
        name: label(EVALUATION_METRIC_LABELS[metric]),
        barMaxWidth: 18,
        data: rows.map((row) => (row[metric].value === null ? null : Math.round(row[metric].value * 1000) / 10)),
      })),
    }),
    [rows, label],
  );
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <EChart
      option={option}
      height={300}
      testId="evaluation-chart-rates"
      onClick={({ seriesIndex, dataIndex }) => {
        const row = rows[dataIndex];
        const metric = CHART_METRICS[seriesIndex];
        if (row && metric) onOpen(row, metric);
      }}
    />
  );
}

const TREND_METRICS = ["reported", "closingRate", "overdue"] as const;

/** Reported, closed and overdue cases per month; a click opens that month's cases. */
function TrendChart({ data, onOpen }: { data: TEvaluation; onOpen: (metric: DrillMetric, period: { from: string; to: string; count: number }) => void }) {
  const { t } = useI18n();
  const months = data.monthly;
  const option = useMemo<ChartOption>(
    () => ({
      color: ["#1677ff", "#52c41a", "#f5222d"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 32 },
      xAxis: { type: "category", data: months.map((month) => month.month), boundaryGap: false },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { type: "line", name: t("evaluation.trend.reported"), smooth: true, symbolSize: 8, data: months.map((month) => month.reported) },
        { type: "line", name: t("evaluation.trend.closed"), smooth: true, symbolSize: 8, data: months.map((month) => month.closed) },
        { type: "line", name: t("evaluation.trend.overdue"), smooth: true, symbolSize: 8, data: months.map((month) => month.overdue) },
      ],
    }),
    [months, t],
  );
  if (months.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <EChart
      option={option}
      height={300}
      testId="evaluation-chart-trend"
      onClick={({ seriesIndex, dataIndex }) => {
        const month = months[dataIndex];
        const metric = TREND_METRICS[seriesIndex];
        if (!month || !metric) return;
        // The month within the period asked for.
        const start = dayjs(`${month.month}-01`);
        const monthFrom = start.format("YYYY-MM-DD");
        const monthTo = start.endOf("month").format("YYYY-MM-DD");
        const from = monthFrom > data.from ? monthFrom : data.from;
        const to = monthTo < data.to ? monthTo : data.to;
        onOpen(metric, { from, to, count: metric === "reported" ? month.reported : metric === "overdue" ? month.overdue : month.closed });
      }}
    />
  );
}

interface EvaluationTableProps {
  data: TEvaluation;
  onOpen: (row: TEvaluationRow | null, metric: DrillMetric, part: Part) => void;
  partLabel: (metric: RateMetric, part: Part) => string;
}

/** Every indicator per group, and the total; each figure opens its cases. */
function EvaluationTable({ data, onOpen, partLabel }: EvaluationTableProps) {
  const { t, label } = useI18n();
  const { token } = theme.useToken();
  const rows = useMemo(() => [...data.rows, { ...data.total, key: "__total", name: t("evaluation.total") }], [data, t]);
  const rowOf = (row: TEvaluationRow) => (row.key === "__total" ? null : row);
  const columns: TableColumnsType<TEvaluationRow> = [
    { title: t("evaluation.col.name"), dataIndex: "name", fixed: "left", width: 130, render: (name: string, row) => (row.key === "__total" ? <Typography.Text strong>{name}</Typography.Text> : name) },
    {
      title: label(EVALUATION_METRIC_LABELS.reported),
      dataIndex: "reported",
      width: 90,
      align: "right",
      render: (reported: number, row) => (
        <Typography.Link onClick={() => onOpen(rowOf(row), "reported", "denominator")} data-testid={`evaluation-cell-${row.key}-reported`}>
          {reported}
        </Typography.Link>
      ),
    },
    ...RATE_METRICS.map((metric) => ({
      title: label(EVALUATION_METRIC_LABELS[metric]),
      key: metric,
      width: 98,
      align: "right" as const,
      render: (_: unknown, row: TEvaluationRow) => {
        const ratio = row[metric];
        return (
          <div data-testid={`evaluation-cell-${row.key}-${metric}`}>
            <div>{percent(ratio.value)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <Tooltip title={partLabel(metric, "numerator")}>
                <Typography.Link onClick={() => onOpen(rowOf(row), metric, "numerator")} style={{ fontSize: 12 }}>
                  {ratio.numerator}
                </Typography.Link>
              </Tooltip>
              {" / "}
              <Tooltip title={partLabel(metric, "denominator")}>
                <Typography.Link onClick={() => onOpen(rowOf(row), metric, "denominator")} style={{ fontSize: 12 }}>
                  {ratio.denominator}
                </Typography.Link>
              </Tooltip>
            </Typography.Text>
          </div>
        );
      },
    })),
    {
      title: label(EVALUATION_METRIC_LABELS.avgHandlingHours),
      key: "avgHandlingHours",
      width: 140,
      align: "right",
      render: (_, row) => (
        <div>
          <div>{row.avgHandlingHours === null ? "—" : row.avgHandlingHours.toFixed(1)}</div>
          <Typography.Link onClick={() => onOpen(rowOf(row), "avgHandlingHours", "denominator")} style={{ fontSize: 12 }}>
            {t("evaluation.handledCount", { count: row.handledCount })}
          </Typography.Link>
        </div>
      ),
    },
  ];
  return (
    <Table<TEvaluationRow>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: "max-content" }}
      data-testid="evaluation-table"
      onRow={(row) => (row.key === "__total" ? { style: { background: token.colorFillAlter, fontWeight: 600 } } : {})}
    />
  );
}
