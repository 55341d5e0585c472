// A tiny text-template language for narratives, compiled once and expanded millions of times:
//   {a|b|c}   one of the alternatives (uniform; alternatives may nest)
//   [text]    optional, included with probability 1/2
//   <slot>    a value supplied by the caller (model, category, amounts, time in use…)

import type { Rng } from './prng.ts';

export type TemplateNode = string | SeqNode | ChoiceNode | OptNode | SlotNode;
interface SeqNode {
  k: 0;
  parts: TemplateNode[];
}
interface ChoiceNode {
  k: 1;
  options: TemplateNode[];
}
interface OptNode {
  k: 2;
  body: TemplateNode;
}
interface SlotNode {
  k: 3;
  name: string;
}

export type SlotFn = (name: string) => string;

export function compileTemplate(source: string): TemplateNode {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`template ${JSON.stringify(source)} at ${i}: ${msg}`);
  };
  const parseSeq = (inChoice: boolean, inOpt: boolean): TemplateNode => {
    const parts: TemplateNode[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push(text);
      text = '';
    };
    while (i < source.length) {
      const ch = source[i];
      if (ch === '{') {
        i++;
        flush();
        const options: TemplateNode[] = [parseSeq(true, false)];
        while (source[i] === '|') {
          i++;
          options.push(parseSeq(true, false));
        }
        if (source[i] !== '}') fail('missing }');
        i++;
        parts.push({ k: 1, options });
      } else if (ch === '[') {
        i++;
        flush();
        const body = parseSeq(false, true);
        if (source[i] !== ']') fail('missing ]');
        i++;
        parts.push({ k: 2, body });
      } else if (ch === '<') {
        const end = source.indexOf('>', i);
        if (end < 0) fail('missing >');
        flush();
        parts.push({ k: 3, name: source.slice(i + 1, end) });
        i = end + 1;
      } else if ((ch === '|' || ch === '}') && inChoice) {
        break;
      } else if (ch === ']' && inOpt) {
        break;
      } else if (ch === '|' || ch === '}' || ch === ']') {
        fail(`unexpected ${ch}`);
      } else {
        text += ch;
        i++;
      }
    }
    flush();
    if (parts.length === 1) return parts[0];
    if (parts.length === 0) return '';
    return { k: 0, parts };
  };
  const node = parseSeq(false, false);
  if (i !== source.length) fail('trailing input');
  return node;
}

export function expandTemplate(node: TemplateNode, rng: Rng, slot: SlotFn): string {
  if (typeof node === 'string') return node;
  switch (node.k) {
    case 0: {
      let out = '';
      for (const p of node.parts) out += expandTemplate(p, rng, slot);
      return out;
    }
    case 1:
      return expandTemplate(node.options[Math.floor(rng.next() * node.options.length)], rng, slot);
    case 2:
      return rng.next() < 0.5 ? expandTemplate(node.body, rng, slot) : '';
    default:
      return slot(node.name);
  }
}

/** A list of templates to pick one from. */
export class TemplateSet {
  readonly nodes: TemplateNode[];
  constructor(sources: readonly string[]) {
    this.nodes = sources.map(compileTemplate);
  }
  get size(): number {
    return this.nodes.length;
  }
  expand(rng: Rng, slot: SlotFn): string {
    if (this.nodes.length === 0) return '';
    return expandTemplate(this.nodes[Math.floor(rng.next() * this.nodes.length)], rng, slot);
  }
}
