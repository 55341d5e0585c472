// The one place that decides which ECharts parts the dashboard ships. Import `echarts` from here,
// never from 'echarts' (the full bundle): registering only what is used keeps the client small.
// Add a chart type or component here when a chart folder starts using it.
import { BarChart, HeatmapChart, LineChart, TreemapChart } from 'echarts/charts';
import type {
  BarSeriesOption,
  HeatmapSeriesOption,
  LineSeriesOption,
  TreemapSeriesOption,
} from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  MarkPointComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
// SVG only: crisp when printed or zoomed, and the same renderer the SSR unit tests use.
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  TreemapChart,
  GridComponent,
  TooltipComponent,
  AriaComponent,
  MarkLineComponent,
  MarkPointComponent,
  LegendComponent,
  VisualMapComponent,
  SVGRenderer,
]);

/** Option type limited to the registered parts: using anything else is a type error. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | TreemapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | AriaComponentOption
  | MarkLineComponentOption
  | MarkPointComponentOption
  | LegendComponentOption
  | VisualMapComponentOption
>;

export { echarts };
