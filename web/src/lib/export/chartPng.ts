// "Download PNG" of a chart. The dashboard's charts use ECharts' SVG renderer, for which
// getDataURL({ type: 'png' }) does not rasterise: it returns the SVG itself
// (SVGPainter.toDataURL). So the chart's SVG (renderToSVGString) is loaded as an image from a
// data: URL — allowed by the CSP's img-src — drawn on a canvas at 2× on a white ground, and
// saved as PNG through a temporary <a download> with a blob: URL (a download, not a page load,
// so the CSP is not involved).
import type { EChartsType } from 'echarts/core';
import { echarts } from '#charts/setup.ts';
import { safeFileStem } from './filename.ts';

export const pngPixelRatio = 2;

/** `<title>-<YYYY-MM-DD>.png` in the browser's local date. */
export function chartFileName(title: string, now: Date = new Date()): string {
  const date = [
    now.getFullYear(),
    String(now.getMonth() + 1).padStart(2, '0'),
    String(now.getDate()).padStart(2, '0'),
  ].join('-');
  return `${safeFileStem(title, 'chart')}-${date}.png`;
}

/** The title a chart is shown under: the heading of its card (or section). */
export function chartTitle(element: Element): string {
  const container = element.closest('.card, section, figure');
  const heading = container?.querySelector('h2, h3, figcaption');
  return heading?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Rasterise the chart mounted on `element` and download it. */
export async function downloadChartPng(element: HTMLElement, title: string): Promise<void> {
  const chart = echarts.getInstanceByDom(element) as EChartsType | undefined;
  if (!chart) throw new Error('no chart on this element');
  const width = chart.getWidth();
  const height = chart.getHeight();
  const svg = chart.renderToSVGString();
  const image = new Image(width, height);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * pngPixelRatio);
  canvas.height = Math.round(height * pngPixelRatio);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
  if (!blob) throw new Error('the canvas gave no PNG');
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = chartFileName(title);
  document.body.append(link);
  link.click();
  link.remove();
  // give the browser time to start the download before the URL goes
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
