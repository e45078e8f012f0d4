// Which JetStream partition (and so which worker actor) owns a sale: a stable hash, mod P.

/** FNV-1a over the decimal id: stable across processes and languages. */
export function partitionOf(saleId: number, partitions: number): number {
  const text = String(saleId);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/** The partitions worker `index` of `count` owns. */
export function ownedPartitions(partitions: number, index: number, count: number): number[] {
  const owned: number[] = [];
  for (let p = 0; p < partitions; p++) if (p % count === index) owned.push(p);
  return owned;
}
