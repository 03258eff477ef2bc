// A seeded random source (mulberry32), so a run's sequence of operations and payloads can be
// reproduced from its seed, and a weighted choice over it.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a key with probability proportional to its weight (weights ≤ 0 are never picked). */
export function weightedPicker<K extends string>(weights: Record<K, number>, random: Random): () => K {
  const entries = (Object.entries(weights) as Array<[K, number]>).filter(([, w]) => w > 0);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (total <= 0) throw new Error('at least one operation needs a weight above 0');
  return () => {
    let r = random() * total;
    for (const [key, w] of entries) if ((r -= w) < 0) return key;
    return entries[entries.length - 1]![0];
  };
}
