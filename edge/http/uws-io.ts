// Small helpers for raw uWS handlers: bounded body reading and corked JSON answers.
import { STATUS_CODES } from 'node:http';
import type { HttpResponse } from 'uWebSockets.js';

const statusLines = new Map<number, string>();
export function statusLine(status: number): string {
  let line = statusLines.get(status);
  if (!line) statusLines.set(status, (line = `${status} ${STATUS_CODES[status] ?? ''}`));
  return line;
}

/** Tracks whether the client went away; uWS forbids touching `res` after that. */
export interface RequestState {
  aborted: boolean;
}

export function sendJson(res: HttpResponse, state: RequestState, status: number, body: string): void {
  if (state.aborted) return;
  state.aborted = true; // answered: nothing may write again
  res.cork(() => {
    res.writeStatus(statusLine(status)).writeHeader('content-type', 'application/json').end(body);
  });
}

/**
 * Reads the whole body as text, up to `limit` bytes. Chunks are copied only when there is more than
 * one, because uWS reuses a chunk's memory once the callback returns.
 */
export function readBodyText(res: HttpResponse, limit: number, onText: (text: string) => void, onTooLarge: () => void): void {
  let chunks: Buffer[] | undefined;
  let size = 0;
  let done = false;
  res.onData((chunk, isLast) => {
    if (done) return;
    size += chunk.byteLength;
    if (size > limit) {
      done = true;
      onTooLarge();
      return;
    }
    if (!isLast) {
      (chunks ??= []).push(Buffer.from(new Uint8Array(chunk)));
      return;
    }
    done = true;
    const last = Buffer.from(chunk);
    onText(chunks ? Buffer.concat([...chunks, last]).toString('utf8') : last.toString('utf8'));
  });
}
