// A ceiling on work in flight in this process: a request past it is refused at once rather than queued
// (an upload holds a connection, an open file and disk bandwidth for as long as it lasts).
export class ConcurrencyGate {
  private inFlight = 0;

  constructor(private readonly max: number) {}

  /** A function to call when done (once; later calls do nothing), or undefined when `max` are in flight. */
  tryEnter(): (() => void) | undefined {
    if (this.inFlight >= this.max) return undefined;
    this.inFlight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight--;
    };
  }
}
