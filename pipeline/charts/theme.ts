// Chart palette: dark marks on a light ground, chosen to stay distinguishable in greyscale print
// and to meet WCAG AA contrast against white for text.

export const palette = {
  /** Series colours in order of use. */
  series: ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#475569'],
  /** Primary series colour (complete periods). */
  primary: '#1d4ed8',
  /** Fill for incomplete periods: a light tint of primary, outlined in primary. */
  partial: '#bfdbfe',
  text: '#1f2937',
  mutedText: '#4b5563',
  axisLine: '#9ca3af',
  gridLine: '#e5e7eb',
  background: '#ffffff',
  tooltipBackground: '#ffffff',
  tooltipBorder: '#d1d5db',
} as const;

// Single-quoted family names: ECharts writes this into SVG style="…" attributes unescaped.
export const fontFamily =
  "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

/** What every chart shares: no animation (print and SSR), the theme's text, a description for screen readers. */
export function chartFrame(ariaDescription: string) {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily, color: palette.text },
    aria: { enabled: true, label: { enabled: true, description: ariaDescription } },
  };
}

/** The legend, top right, in muted text. */
export const legendTopRight = { top: 0, right: 0, textStyle: { color: palette.mutedText } };

/** The tooltip box: white, a light border, the theme's text. */
export const tooltipBox = {
  backgroundColor: palette.tooltipBackground,
  borderColor: palette.tooltipBorder,
  textStyle: { color: palette.text, fontFamily },
};

/** A period axis for a line over time: the labels edge to edge, overlapping ones hidden. */
export function periodAxis(labels: string[]) {
  return {
    type: 'category' as const,
    data: labels,
    boundaryGap: false,
    axisLine: { lineStyle: { color: palette.axisLine } },
    axisLabel: { color: palette.mutedText, hideOverlap: true },
  };
}
