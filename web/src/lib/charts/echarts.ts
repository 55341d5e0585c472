// The one Svelte action that mounts an ECharts chart on an element:
//   <div use:echarts={{ option, onclick }}></div>
// - initialises with the SVG renderer (see setup.ts) and the ECharts UI locale;
// - replaces the whole option on every update (`notMerge`), so a chart never keeps series or
//   components from an earlier option;
// - follows the element's size with a ResizeObserver;
// - forwards clicks on data items to `onclick` (drill-down);
// - disposes the chart when the element goes away.
import type { Action } from 'svelte/action';
import type { ECElementEvent, EChartsType } from 'echarts/core';
import { echarts, type ChartOption } from '#charts/setup.ts';

export interface EChartsParams {
  option: ChartOption;
  /** Called with the clicked data item (series, index, name, value). */
  onclick?: (event: ECElementEvent) => void;
  /** ECharts' own UI strings; changing it re-creates the chart. */
  locale?: 'EN' | 'ZH';
}

export type ChartClick = ECElementEvent;

export const echartsAction: Action<HTMLElement, EChartsParams> = (node, initial) => {
  let params = initial;
  let chart: EChartsType = create();
  let frame = 0;

  function create(): EChartsType {
    const instance = echarts.init(node, null, { renderer: 'svg', locale: params.locale ?? 'EN' });
    instance.setOption(params.option, { notMerge: true });
    // Read `params` at click time so a new callback from update() is used without re-binding.
    instance.on('click', (event) => params.onclick?.(event as ECElementEvent));
    return instance;
  }

  // Resize at most once per animation frame; resizing inside the observer callback itself can
  // trigger "ResizeObserver loop" errors.
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => chart.resize());
  });
  observer.observe(node);

  return {
    update(next) {
      const localeChanged = (next.locale ?? 'EN') !== (params.locale ?? 'EN');
      params = next;
      if (localeChanged) {
        chart.dispose();
        chart = create();
      } else {
        chart.setOption(next.option, { notMerge: true });
      }
    },
    destroy() {
      observer.disconnect();
      cancelAnimationFrame(frame);
      chart.dispose();
    },
  };
};
