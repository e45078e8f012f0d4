// Reads a counter from every edge's /metrics (an admin's, on the API port). The edges share one port
// (SO_REUSEPORT), so each scrape opens a fresh connection, lands on some edge, and edges are told apart
// by process_start_time_seconds (the bench starts them more than a second apart).
import { get } from 'node:http';

const MAX_SCRAPES_PER_EDGE = 40;

function scrape(baseUrl: string, adminToken: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(new URL('/metrics', baseUrl), { agent: false, headers: { connection: 'close', authorization: `Bearer ${adminToken}` } }, (res) => {
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

/** One series' value in each of `edges` edge processes (in no particular order). */
export async function edgeSeriesValues(baseUrl: string, adminToken: string, series: string, edges: number): Promise<number[]> {
  const byEdge = new Map<number, number>();
  for (let i = 0; i < edges * MAX_SCRAPES_PER_EDGE && byEdge.size < edges; i++) {
    const text = await scrape(baseUrl, adminToken);
    byEdge.set(sample(text, 'process_start_time_seconds'), sample(text, series));
  }
  if (byEdge.size < edges) throw new Error(`reached ${byEdge.size} of ${edges} edges while reading ${series}`);
  return [...byEdge.values()];
}

/** The sum of a series over `edges` edge processes. */
export async function edgeCounterSum(baseUrl: string, adminToken: string, name: string, edges: number): Promise<number> {
  return (await edgeSeriesValues(baseUrl, adminToken, name, edges)).reduce((sum, value) => sum + value, 0);
}
