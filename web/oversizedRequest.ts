// A readable answer for a request whose header (usually the URL) is larger than node:http accepts
// (16 KiB by default): Node would otherwise send a bare "431" with no body, which the browser shows
// as an empty error page. The headers could not be parsed, so the language is unknown: the page is
// bilingual, like the product.
import type { Socket } from 'node:net';

const page = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>431 · Complaint Lens</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1f2937}h1{font-size:1.25rem}</style>
</head><body>
<h1>链接太长，无法打开</h1>
<p>这个链接的筛选条件超过了服务器接受的长度（约 16 KB）。请减少筛选条件，或<a href="/">返回总览</a>重新筛选。</p>
<h1 lang="en">This link is too long to open</h1>
<p lang="en">Its filters exceed the length the server accepts (about 16 KB). Use fewer filters, or go <a href="/">back to the overview</a> and filter again.</p>
</body></html>`;

/** Answer 431 with the page above on a socket whose request headers overflowed, then close it. */
export function answerOversized(socket: Socket): void {
  if (!socket.writable) return;
  const body = Buffer.from(page, 'utf8');
  const head =
    'HTTP/1.1 431 Request Header Fields Too Large\r\n' +
    'Content-Type: text/html; charset=utf-8\r\n' +
    `Content-Length: ${body.length}\r\n` +
    'X-Content-Type-Options: nosniff\r\n' +
    'Connection: close\r\n\r\n';
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}
