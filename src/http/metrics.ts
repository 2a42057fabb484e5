/**
 * A tiny Prometheus text exposition: request counts and duration sums by route and status. Enough for
 * dashboards and alerts without a metrics dependency.
 */
export interface Metrics {
  observe(method: string, route: string, status: number, seconds: number): void;
  gauge(name: string, help: string, read: () => number): void;
  render(): string;
}

export function createMetrics(): Metrics {
  const counts = new Map<string, { n: number; sum: number }>();
  const gauges: { name: string; help: string; read: () => number }[] = [];
  return {
    observe(method, route, status, seconds) {
      const key = `method="${method}",route="${escapeLabel(route)}",status="${status}"`;
      const c = counts.get(key) ?? { n: 0, sum: 0 };
      c.n += 1;
      c.sum += seconds;
      counts.set(key, c);
    },
    gauge(name, help, read) {
      gauges.push({ name, help, read });
    },
    render() {
      const lines = [
        '# HELP kazna_http_requests_total HTTP requests answered.',
        '# TYPE kazna_http_requests_total counter',
        ...[...counts].map(([k, c]) => `kazna_http_requests_total{${k}} ${c.n}`),
        '# HELP kazna_http_request_duration_seconds_sum Time spent answering HTTP requests.',
        '# TYPE kazna_http_request_duration_seconds_sum counter',
        ...[...counts].map(
          ([k, c]) => `kazna_http_request_duration_seconds_sum{${k}} ${c.sum.toFixed(6)}`,
        ),
      ];
      for (const g of gauges) {
        lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.read()}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

function escapeLabel(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}
