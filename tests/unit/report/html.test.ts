// HTML escaping: data (complaint text, reasons, names) can never become markup in a report.
import { describe, expect, it } from 'vitest';
import { escapeHtml, h, join, trusted } from '../../../pipeline/report/html.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('门封条脱落 · 四川')).toBe('门封条脱落 · 四川');
  });
});

describe('h template', () => {
  it('escapes interpolated strings and numbers but keeps its own markup', () => {
    const reason = '<script>alert(1)</script>';
    expect(h`<td title="${'"quoted"'}">${reason}</td>`.html).toBe(
      '<td title="&quot;quoted&quot;">&lt;script&gt;alert(1)&lt;/script&gt;</td>',
    );
    expect(h`<td>${42}</td>`.html).toBe('<td>42</td>');
  });

  it('nests fragments and arrays without escaping them twice', () => {
    const cells = ['a&b', 'c<d'].map((v) => h`<td>${v}</td>`);
    expect(h`<tr>${cells}</tr>`.html).toBe('<tr><td>a&amp;b</td><td>c&lt;d</td></tr>');
    expect(join(['<x>', h`<br>`], ' & ').html).toBe('&lt;x&gt; &amp; <br>');
  });

  it('drops null, undefined and false, and passes trusted markup through', () => {
    expect(h`[${null}${undefined}${false}]`.html).toBe('[]');
    expect(h`<div>${trusted('<svg></svg>')}</div>`.html).toBe('<div><svg></svg></div>');
  });

  it('does not treat a data object with an html field as markup… unless made by h', () => {
    // Strings are always escaped; only objects (which data never is, rows are flattened to
    // strings and numbers) can carry markup. A string that looks like a fragment stays text.
    expect(h`${'{"html":"<b>"}'}`.html).toBe('{&quot;html&quot;:&quot;&lt;b&gt;&quot;}');
  });
});
