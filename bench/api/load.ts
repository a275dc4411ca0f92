// The load generator of bench/api, run as a separate process: autocannon against one endpoint, figures as JSON.
// Usage (from run.ts): node --import tsx bench/api/load.ts <json spec>
import autocannon from 'autocannon';

interface LoadSpec {
  name: string;
  origin: string;
  token: string;
  paths: string[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  name: string;
  /** Requests answered during the warm-up, which the server's CPU figure also covers. */
  warmupRequests: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function fire(spec: LoadSpec, seconds: number, samples: number[] | null) {
  const instance = autocannon({
    url: spec.origin,
    connections: spec.connections,
    duration: seconds,
    headers: { authorization: `Bearer ${spec.token}` },
    requests: spec.paths.map((path) => ({ method: 'GET', path })),
  });
  if (samples) {
    instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => {
      samples.push(time);
    });
  }
  return instance;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  const warmup = spec.warmupSeconds > 0 ? await fire(spec, spec.warmupSeconds, null) : null;
  const samples: number[] = [];
  const result = await fire(spec, spec.seconds, samples);
  samples.sort((a, b) => a - b);
  const output: LoadResult = {
    name: spec.name,
    warmupRequests: warmup?.requests.total ?? 0,
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.at(-1) ?? Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

await main();
