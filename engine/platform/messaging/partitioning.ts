// Which JetStream partition (and so which worker actor) owns a sale: a stable hash, mod P. And the order
// in which a worker prefers partitions when it takes a share of them (workers/partitions/partition-ownership.ts).

/** FNV-1a over a string: stable across processes and languages; another `basis` gives an independent hash. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let hash = basis;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function partitionOf(saleId: number, partitions: number): number {
  return fnv1a(String(saleId)) % partitions;
}

/**
 * All partitions, most preferred first, for one member (rendezvous hashing): members prefer different
 * partitions, so they seldom reach for the same free one, and a member joining or leaving changes no
 * other member's order, so shares move little.
 */
export function preferenceOrder(partitions: number, memberId: string): number[] {
  const weights = Array.from({ length: partitions }, (_, p) => fnv1a(`${memberId}/${p}`));
  return weights.map((_, p) => p).sort((a, b) => weights[b] - weights[a] || a - b);
}
