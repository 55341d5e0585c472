import { afterEach, describe, expect, it } from 'vitest';
import { cacheable, cacheKey, clearPages, getPage, putPage, ttlMs } from './pageCache.ts';

afterEach(() => clearPages());

const page = (body: string, storedAt = 1_000) => ({ status: 200, headers: [], body, storedAt });

describe('page cache', () => {
  it('keys by warehouse generation, language and the full URL', () => {
    const url = new URL('http://x/complaints?region=%E5%9B%9B%E5%B7%9D&page=2');
    expect(cacheKey('en', url, '12:34')).toBe(
      '12:34|en|/complaints?region=%E5%9B%9B%E5%B7%9D&page=2',
    );
    expect(cacheKey('zh-CN', url, '12:34')).not.toBe(cacheKey('en', url, '12:34'));
    expect(cacheKey('en', url, '12:35')).not.toBe(cacheKey('en', url, '12:34'));
  });

  it('keeps only 200 HTML or JSON responses that set no cookie', () => {
    const html = { 'content-type': 'text/html; charset=utf-8' };
    expect(cacheable(new Response('x', { headers: html }))).toBe(true);
    expect(cacheable(new Response('{}', { headers: { 'content-type': 'application/json' } }))).toBe(
      true,
    );
    expect(cacheable(new Response('x', { status: 404, headers: html }))).toBe(false);
    expect(cacheable(new Response('x', { headers: { ...html, 'set-cookie': 'lang=en' } }))).toBe(
      false,
    );
    expect(cacheable(new Response('a,b', { headers: { 'content-type': 'text/csv' } }))).toBe(false);
    expect(
      cacheable(new Response('x', { headers: { ...html, 'cache-control': 'no-store' } })),
    ).toBe(false);
  });

  it('serves a kept page until its time is up', () => {
    putPage('k', page('<p>hi</p>', 1_000));
    expect(getPage('k', 1_000 + ttlMs)?.body).toBe('<p>hi</p>');
    expect(getPage('k', 1_001 + ttlMs)).toBeUndefined();
    expect(getPage('k', 1_000)).toBeUndefined(); // expired entries are dropped
  });

  it('forgets the oldest pages beyond its size', () => {
    for (let i = 0; i < 600; i++) putPage(`k${i}`, page(String(i)));
    expect(getPage('k0', 1_000)).toBeUndefined();
    expect(getPage('k599', 1_000)?.body).toBe('599');
  });
});
