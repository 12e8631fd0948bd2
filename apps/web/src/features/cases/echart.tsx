import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { ComposeOption } from "echarts/core";
import type { BarSeriesOption, LineSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only what the evaluation draws, so the chunk stays small.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Options of the charts this page draws (bars and lines on a grid with legend and tooltip). */
export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** What a click on a bar or a point says. */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
}

interface EChartProps {
  option: ChartOption;
  height: number;
  onClick?: (click: ChartClick) => void;
  testId: string;
}

/** One ECharts instance in a div: created once, options replaced on change, resized with its box, disposed on unmount. */
export function EChart({ option, height, onClick, testId }: EChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = echarts.init(container);
    chart.on("click", (params) => {
      if (typeof params.seriesIndex === "number" && typeof params.dataIndex === "number") clickRef.current?.({ seriesIndex: params.seriesIndex, dataIndex: params.dataIndex });
    });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={containerRef} style={{ width: "100%", height }} data-testid={testId} />;
}
