// Load generator for bench:web, run as its own process so the client's work does not share the
// server's event loop: `connections` loops each send GET requests back to back for `seconds`
// seconds (keep-alive, as a browser or autocannon would), then one JSON line is printed.
//   node bench/load.ts URL [connections=16] [seconds=10]
const [url, connectionsArg = '16', secondsArg = '10'] = process.argv.slice(2);
if (!url) throw new Error('usage: node bench/load.ts URL [connections] [seconds]');
const connections = Number(connectionsArg);
const deadline = performance.now() + Number(secondsArg) * 1000;
const latencies: number[] = [];
let errors = 0;
let bytes = 0;

async function loop(): Promise<void> {
  while (performance.now() < deadline) {
    const started = performance.now();
    try {
      const response = await fetch(url);
      const body = await response.arrayBuffer();
      if (!response.ok) errors++;
      bytes += body.byteLength;
      latencies.push(performance.now() - started);
    } catch {
      errors++;
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: connections }, loop));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    bytesPerRequest: latencies.length ? bytes / latencies.length : 0,
  }) + '\n',
);
