// Reads a counter from every edge's /metrics, each on its own metrics port (METRICS_PORT_BASE + 100 +
// EDGE_INDEX): the API port the edges share does not serve /metrics.
import { get } from 'node:http';

function scrape(metricsUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(new URL('/metrics', metricsUrl), { agent: false, headers: { connection: 'close' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`GET /metrics: ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** The value of one series, e.g. `gopang_admissions_total{outcome="ADMITTED"}`; 0 when absent. */
function sample(text: string, series: string): number {
  const match = new RegExp(`^${series.replace(/[{}()[\]\\.*+?^$|]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** One series' value in each edge, by the edges' metrics URLs. */
export async function edgeSeriesValues(metricsUrls: readonly string[], series: string): Promise<number[]> {
  return Promise.all(metricsUrls.map(async (url) => sample(await scrape(url), series)));
}

/** The sum of a series over the edges. */
export async function edgeCounterSum(metricsUrls: readonly string[], name: string): Promise<number> {
  return (await edgeSeriesValues(metricsUrls, name)).reduce((sum, value) => sum + value, 0);
}
