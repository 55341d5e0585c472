// Server-side rendering of a chart option to an SVG string (no DOM, no canvas, no script): the
// report's charts, and the unit tests that render every option builder so that a broken option or
// an unregistered component fails there rather than in a browser.
import { echarts, type ChartOption } from './setup.ts';

/** `fontFamily` overrides the option's (the report's PDF needs an installed CJK font). */
export function renderChartSvg(
  option: ChartOption,
  width: number,
  height: number,
  fontFamily?: string,
): string {
  const chart = echarts.init(null, null, { ssr: true, renderer: 'svg', width, height });
  try {
    const font = fontFamily ? { textStyle: { ...(option.textStyle as object), fontFamily } } : {};
    chart.setOption({ ...option, animation: false, ...font }, { notMerge: true });
    return chart.renderToSVGString();
  } finally {
    // an undisposed SSR chart keeps a timer alive and the process would never exit
    chart.dispose();
  }
}
