// The part of autocannon 8's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Called before every send; returns the request to send (a falsy value restarts the sequence). */
    setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest | null;
  }

  export interface AutocannonOptions {
    url: string;
    connections?: number;
    /** seconds */
    duration?: number;
    /** requests to send; overrides duration */
    amount?: number;
    /** requests per second offered in total (open loop) */
    overallRate?: number;
    pipelining?: number;
    /** seconds */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    requests?: AutocannonRequest[];
  }

  /** hdr-histogram-percentiles-obj; latency in milliseconds. */
  export interface AutocannonHistogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
  }

  export interface AutocannonResult {
    /** seconds */
    duration: number;
    requests: AutocannonHistogram & { sent: number };
    latency: AutocannonHistogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  /** The running load: a promise of the result that also emits events while it runs. */
  export interface AutocannonInstance extends PromiseLike<AutocannonResult> {
    once(event: 'start', listener: () => void): this;
    /** every completed answer; responseTime in ms */
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    /** once a second: answers completed (counter) and bytes received in that second */
    on(event: 'tick', listener: (tick: { counter: number; bytes: number }) => void): this;
  }

  function autocannon(options: AutocannonOptions): AutocannonInstance;
  export default autocannon;
}
