// A progress line each second while a bench waits (a load, a drain, orders settling, a login storm), so a
// long phase is never silent: the line says what it waits for and how far it got. Load generators print
// their own lines (their stdout is the bench's).
import type { AutocannonInstance } from 'autocannon';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Prints `line(seconds so far)` every second until the returned function is called. */
export function everySecond(print: (line: string) => void, line: (elapsedSec: number) => string): () => void {
  const started = performance.now();
  const timer = setInterval(() => print(line(Math.round((performance.now() - started) / 1_000))), 1_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Runs `work` with a line each second: "<what>: <n> s". */
export async function withHeartbeat<T>(print: (line: string) => void, what: string, work: Promise<T>): Promise<T> {
  const stop = everySecond(print, (sec) => `${what}: ${sec} s`);
  try {
    return await work;
  } finally {
    stop();
  }
}

/**
 * The load generator's line per second from autocannon's tick: answers in that second and so far.
 * autocannon ticks once more, empty, as it stops: an empty second past the duration is not printed.
 */
export function printLoadTicks(instance: AutocannonInstance, durationSec?: number): void {
  let second = 0;
  let answered = 0;
  instance.on('tick', ({ counter }) => {
    second++;
    answered += counter;
    if (counter === 0 && !(durationSec !== undefined && second <= durationSec)) return;
    process.stdout.write(`  [load] ${durationSec ? `${second}/${durationSec}` : second} s: ${int(counter)} answers/s, ${int(answered)} so far\n`);
  });
}

/** A line to stdout, as the load generators print theirs. */
export function printLine(line: string): void {
  process.stdout.write(`  ${line}\n`);
}
