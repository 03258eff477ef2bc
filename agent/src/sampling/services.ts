// Health of the configured services, checked in parallel each sample, each with its own
// timeout: HTTP GET (2xx/3xx = up), `systemctl is-active <unit>`, or the container runtime's
// inspect (running, and healthy when the image has a health check). No shell anywhere.
import { describeEnd, run } from '../exec.ts';
import { httpRequest } from '../http-client.ts';
import type { ServiceConfig } from '../config.ts';

export type ServiceStatus = {
  name: string;
  kind: ServiceConfig['kind'];
  status: 'up' | 'down';
  latency_ms: number;
  detail?: string;
};

// `{{.State.Health.Status}}` fails on a container without a health check (nil pointer), so
// the template guards it; running|health, e.g. `true|healthy`, `true|`, `false|`.
export const INSPECT_FORMAT = '{{.State.Running}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}';

export function containerStatus(output: string): { up: boolean; detail?: string } {
  const [running, health = ''] = output.trim().split('|');
  if (running !== 'true') return { up: false, detail: 'not running' };
  if (health === 'unhealthy') return { up: false, detail: 'health: unhealthy' };
  return health ? { up: true, detail: `health: ${health}` } : { up: true };
}

async function check(service: ServiceConfig, systemctl: string): Promise<Omit<ServiceStatus, 'latency_ms'>> {
  const timeoutMs = Math.round(service.timeout_s * 1000);
  const base = { name: service.name, kind: service.kind };
  if (service.kind === 'http') {
    try {
      const response = await httpRequest({ method: 'GET', url: service.url, timeoutMs, headOnly: true });
      const up = response.status >= 200 && response.status < 400;
      return up ? { ...base, status: 'up' } : { ...base, status: 'down', detail: `HTTP ${response.status}` };
    } catch (error) {
      return { ...base, status: 'down', detail: (error as Error).message.slice(0, 200) };
    }
  }
  if (service.kind === 'systemd') {
    const result = await run(systemctl, ['is-active', service.unit], { timeoutMs, maxBytes: 1024 });
    const state = result.stdout.trim();
    if (result.exitCode === 0 && state === 'active') return { ...base, status: 'up' };
    return { ...base, status: 'down', detail: state || `systemctl ${describeEnd(result, timeoutMs)}` };
  }
  const result = await run(service.runtime, ['inspect', '-f', INSPECT_FORMAT, service.container], {
    timeoutMs,
    maxBytes: 4096,
  });
  if (result.exitCode !== 0) {
    const why = result.stderr.trim().split('\n')[0] || `${service.runtime} ${describeEnd(result, timeoutMs)}`;
    return { ...base, status: 'down', detail: why.slice(0, 200) };
  }
  const { up, detail } = containerStatus(result.stdout);
  return { ...base, status: up ? 'up' : 'down', ...(detail ? { detail } : {}) };
}

export async function checkServices(services: readonly ServiceConfig[], systemctl: string): Promise<ServiceStatus[]> {
  return Promise.all(
    services.map(async (service) => {
      const started = performance.now();
      const status = await check(service, systemctl);
      return { ...status, latency_ms: Math.round(performance.now() - started) };
    }),
  );
}
