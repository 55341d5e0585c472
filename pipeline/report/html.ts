// HTML building with escaping by construction. Complaint text, reason texts, product and batch
// names are data: every interpolated string goes through escapeHtml unless it is a fragment made
// by this module (`h`…``) or explicitly marked trusted with `trusted()` (only for SVG that ECharts
// rendered — ECharts escapes the text it writes).

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A piece of HTML that is already safe. Only `h`, `join` and `trusted` make one. */
export interface Html {
  readonly html: string;
}

const fragment = (html: string): Html => Object.freeze({ html });

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'html' in value;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (isHtml(value)) return value.html;
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are markup, interpolations are escaped (fragments kept as they are). */
export function h(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return fragment(out);
}

/** Join fragments (or escaped strings) with a separator that is itself escaped text. */
export function join(values: readonly HtmlValue[], separator = ''): Html {
  return fragment(values.map(render).join(escapeHtml(separator)));
}

/** Mark markup produced by a trusted renderer (ECharts SSR) as safe. Never use on data. */
export function trusted(markup: string): Html {
  return fragment(markup);
}
