// Option builder for a two-level treemap: groups (e.g. complaint categories) holding leaves (e.g.
// root-cause clusters), area = value. Pure (same input → same option), rendered by the SSR test.
// - Each group has its own colour from the palette; leaves take it, so a group reads as one block.
// - Leaves can be marked (e.g. a rising root cause): a thick light outline and a ▲ before the
//   label, so the mark does not depend on colour.
// - No zooming on click (`nodeClick: false`): a click is a drill-down, handled by the page with
//   event.data.key of the leaf (groups have no key).
// - Tooltips are plain text (`renderMode: 'richText'`).
import type { ChartOption } from '../setup.ts';
import { chartFrame, palette, tooltipBox } from '../theme.ts';

export interface TreemapLeaf {
  /** Handed back on click (event.data.key). */
  key: string;
  name: string;
  value: number;
  marked?: boolean;
  /** Tooltip, plain text. */
  tooltip?: string;
}

export interface TreemapGroup {
  name: string;
  leaves: readonly TreemapLeaf[];
}

export interface TreemapOptionInput {
  groups: readonly TreemapGroup[];
  seriesName: string;
  ariaDescription: string;
  formatValue?: (value: number) => string;
}

export const markColor = '#fbbf24';
export const markPrefix = '▲ ';

/** Groups by total descending, leaves by value descending (stable: ties by name / key). */
export function treemapOrder(groups: readonly TreemapGroup[]): TreemapGroup[] {
  const total = (g: TreemapGroup) => g.leaves.reduce((s, l) => s + l.value, 0);
  return groups
    .map((g) => ({
      name: g.name,
      leaves: [...g.leaves]
        .filter((l) => l.value > 0)
        .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key)),
    }))
    .filter((g) => g.leaves.length > 0)
    .sort((a, b) => total(b) - total(a) || a.name.localeCompare(b.name));
}

export function buildTreemapOption(input: TreemapOptionInput): ChartOption {
  const format = input.formatValue ?? ((v: number) => String(v));
  const groups = treemapOrder(input.groups);

  return {
    ...chartFrame(input.ariaDescription),
    tooltip: {
      trigger: 'item',
      renderMode: 'richText',
      ...tooltipBox,
      formatter: (params: unknown) => {
        // the tooltip rides on the leaf: one key (a cause) may be a leaf of several groups
        const p = params as { name: string; value: unknown; data?: { tip?: string } };
        const custom = p.data?.tip;
        return custom ?? `${p.name}: ${format(Number(p.value))}`;
      },
    },
    series: [
      {
        type: 'treemap',
        name: input.seriesName,
        left: 0,
        right: 0,
        top: 0,
        bottom: 0,
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        squareRatio: 0.5 * (1 + Math.sqrt(5)),
        label: {
          show: true,
          color: '#ffffff',
          fontSize: 11,
          overflow: 'truncate',
          formatter: (params: { name: string; value: unknown }) =>
            `${params.name}\n${format(Number(params.value))}`,
        },
        upperLabel: {
          show: true,
          height: 22,
          color: '#ffffff',
          fontWeight: 'bold',
          formatter: (params: { name: string; value: unknown }) =>
            `${params.name} · ${format(Number(params.value))}`,
        },
        levels: [
          { itemStyle: { borderColor: palette.background, borderWidth: 0, gapWidth: 3 } },
          { itemStyle: { borderWidth: 2, gapWidth: 1, borderColor: 'transparent' } },
        ],
        data: groups.map((g, i) => {
          const color = palette.series[i % palette.series.length];
          return {
            name: g.name,
            itemStyle: { color, borderColor: color },
            children: g.leaves.map((l) => ({
              name: l.name,
              value: l.value,
              key: l.key,
              tip: l.tooltip,
              label: l.marked
                ? {
                    formatter: (params: { name: string; value: unknown }) =>
                      `${markPrefix}${params.name}\n${format(Number(params.value))}`,
                  }
                : undefined,
              itemStyle: l.marked
                ? { color, borderColor: markColor, borderWidth: 3 }
                : { color, borderColor: palette.background, borderWidth: 1 },
            })),
          };
        }),
      },
    ],
  };
}
