// The one polling helper of the tests: no timing assumptions on a busy machine, and a wait that never
// comes fails with what it was waiting for instead of hanging.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** default 15 s: generous, the machine is shared */
  timeoutMs?: number;
  /** pause between probes; default 50 ms */
  intervalMs?: number;
  /** what is awaited, for the timeout's error; a function runs only then, to say where things stand */
  message?: string | (() => string | Promise<string>);
}

/** What a probe answers while the wait goes on. */
type NotYet = false | undefined | null;

/**
 * Calls `probe` until it answers something other than false, undefined or null, and resolves to that
 * answer; throws when `timeoutMs` passes first. An error thrown by the probe ends the wait with it.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<Exclude<T, NotYet>> {
  const { timeoutMs = 15_000, intervalMs = 50, message = 'a condition' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== false && answer !== undefined && answer !== null) return answer as Exclude<T, NotYet>;
    if (Date.now() > deadline) {
      const what = typeof message === 'function' ? await message() : message;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(intervalMs);
  }
}
