// Keys (session ids, user ids) whose access tokens are refused until a deadline: the latest a token
// issued before the revocation can expire. Entries arrive with ever later deadlines (now + token
// lifetime), so the expired ones are always at the front of the insertion order.
export class RevocationList<K> {
  private readonly until = new Map<K, number>();

  get size(): number {
    return this.until.size;
  }

  has(key: K): boolean {
    return this.until.has(key);
  }

  add(key: K, untilSec: number): void {
    const nowSec = Date.now() / 1000;
    for (const [old, deadline] of this.until) {
      if (deadline >= nowSec) break;
      this.until.delete(old);
    }
    this.until.delete(key); // re-inserted at the back with its new deadline
    this.until.set(key, untilSec);
  }
}
