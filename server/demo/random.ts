// Seeded randomness and ids for the demo data, so one seed always yields the same business.

/** Mixes numbers into one 32-bit seed; used to give every customer its own independent stream, which
 * keeps a customer's data the same whatever the batch size or the order work is done in. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for demo data (not for anything secret). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by relative weight: `[["A", 3], ["B", 1]]` gives A three times as often as B. */
  weighted<T>(entries: WeightedList<T>): T {
    let roll = this.next() * entries.total;
    for (const [value, weight] of entries.items) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries.items[entries.items.length - 1]![0];
  }
}

/** A weighted choice list with its total precomputed (picked millions of times at large scale). */
export type WeightedList<T> = { items: ReadonlyArray<readonly [T, number]>; total: number };

export function weights<T>(items: ReadonlyArray<readonly [T, number]>): WeightedList<T> {
  return { items, total: items.reduce((sum, [, weight]) => sum + weight, 0) };
}

/**
 * Deterministic UUIDv7-shaped ids: the timestamp is the reference date and a counter fills the
 * "random" bits, so ids are unique within a run, sort in insertion order (append-only primary-key
 * b-trees load much faster) and are the same for the same seed and reference date.
 */
export class IdFactory {
  private counter = 0;
  private readonly timeHex: string;
  private readonly tailHex: string;

  constructor(referenceMs: number, seed: number) {
    this.timeHex = Math.max(0, Math.floor(referenceMs)).toString(16).padStart(12, "0").slice(-12);
    this.tailHex = mixSeed(seed, 0x5eed).toString(16).padStart(8, "0");
  }

  next(): string {
    const c = (this.counter++).toString(16).padStart(10, "0");
    const t = this.timeHex;
    // time(48) | version 7 | counter(12) | variant 8 | counter(12) | counter(16) + seed bits(32)
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6, 10)}${this.tailHex}`;
  }
}
