// IPC between the ws bench and its connection generators (child processes: one process holds at
// most its file-descriptor limit of sockets, so 50,000 clients need several).

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes of one machine. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export type GeneratorCommand =
  | { cmd: 'connect'; url: string; firstUserId: number; count: number; localAddress: string; concurrency: number }
  | { cmd: 'subscribe'; topic: string }
  | { cmd: 'stats' }
  | { cmd: 'close' };

export interface ConnectResult {
  connected: number;
  failed: number;
  /** minting this generator's tokens, then opening its sockets (until every hello) */
  mintMs: number;
  connectMs: number;
  firstError?: string;
}

export interface GeneratorStats {
  /** per-user push latencies seen since the last stats call, ms */
  pushLatencies: number[];
  /** broadcast round -> [frames received, wall time of the last one] */
  broadcasts: Record<number, [number, number]>;
  open: number;
}

export type GeneratorReply = { ok: true; result: unknown } | { ok: false; error: string };
