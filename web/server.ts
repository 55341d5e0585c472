// Production entry of the dashboard: the adapter-node build (web/build/handler.js) behind node:http.
//
// Started by pipeline/serve.ts as `node web/server.ts` with HOST, PORT and COMPLAINT_LENS_DB set,
// so DuckDB lives in its own process (the CLI may hold the warehouse open read-write) and a crash
// here cannot take the CLI down. Differences from adapter-node's own index.js:
//   - the security headers go on every response, static assets included (they bypass hooks);
//   - the request protocol is pinned to http (this server never terminates TLS; adapter-node
//     would otherwise assume https and every generated URL would be wrong);
//   - the actual address (PORT=0 picks a free port) is reported to the parent over IPC;
//   - after each warehouse swap the main pages are requested once (warmup.ts).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answerOversized } from './oversizedRequest.ts';
import { securityHeaders } from './src/lib/security/headers.ts';
import { startWarmup } from './warmup.ts';

type Next = () => void;
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: Next) => void;

const protocolHeader = 'x-complaint-lens-protocol';
process.env.PROTOCOL_HEADER = protocolHeader;
// a secret of this process only: lets the warm-up requests (warmup.ts) past sign-in
process.env.COMPLAINT_LENS_WARMUP_TOKEN = randomBytes(32).toString('base64url');

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT ?? '3000');
const shutdownGraceMs = 5_000;

// Imported after PROTOCOL_HEADER is set: the handler reads its environment when it loads.
const { handler } = (await import(new URL('./build/handler.js', import.meta.url).href)) as {
  handler: Handler;
};

const server = http.createServer((req, res) => {
  req.headers[protocolHeader] = 'http'; // overwrite anything a client sent
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
  handler(req, res, () => {
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('Not found');
  });
});

// Replaces Node's default (a bare status line) for the one case a user can cause with a link.
server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
  if (error.code === 'HPE_HEADER_OVERFLOW') answerOversized(socket);
  else if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
});

server.on('error', (error) => {
  console.error(`Dashboard server failed: ${error.message}`);
  process.exit(1);
});

server.listen({ host, port }, () => {
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostname}:${address.port}`;
  if (process.send) process.send({ type: 'listening', url });
  else console.log(`Complaint Lens dashboard: ${url}`);
  const db = process.env.COMPLAINT_LENS_DB;
  if (db && process.env.COMPLAINT_LENS_WARMUP !== '0') startWarmup(url, db);
});

let stopping = false;
function shutdown(): void {
  if (stopping) return;
  stopping = true;
  server.closeIdleConnections();
  server.close(() => process.exit(0));
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, shutdownGraceMs).unref();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// The parent (pipeline/serve.ts) went away without stopping us: do not linger.
process.on('disconnect', shutdown);
