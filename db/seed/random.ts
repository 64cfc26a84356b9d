// Deterministic randomness for the demo data. Every customer and every story gets its own
// generator derived from (seed, stream, index), so a row's content does not depend on how
// the run is chunked: the same seed and `now` give identical rows, ids included.

/** A 32-bit integer hash (murmur3 finaliser over mixed inputs). */
export function hash32(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x85ebca6b);
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h >>> 0;
}

/** Stream numbers keep the generators of different kinds of rows apart. */
export const STREAM = {
  customer: 1,
  story: 2,
  communicationId: 3,
  attemptId: 4,
  customerId: 5,
  documentId: 6,
  childId: 7,
  providerId: 8,
  templateId: 9,
  providerEvent: 10,
  letterId: 11,
} as const;

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static for(seed: number, stream: number, index: number): Rng {
    return new Rng(hash32(seed, stream, index));
  }

  /** mulberry32: small, fast and good enough for demo data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks from `[item, weight]` pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  digits(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += Math.floor(this.next() * 10);
    return out;
  }

  hex(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  alnum(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += ALNUM[Math.floor(this.next() * ALNUM.length)];
    return out;
  }
}

/**
 * A version-4-shaped UUID that is unique per (stream, index) by construction, which
 * seeded random bits alone cannot promise at millions of rows: the first 32 bits are a
 * bijective scramble of the stream and the index's low 28 bits, and the index's high
 * bits are written into the last group as they are. The rest is hashed from the seed
 * so the ids look random. Streams < 16, indexes < 2^36.
 */
export function seededUuid(seed: number, stream: number, index: number): string {
  const high = Math.floor(index / 2 ** 28);
  if (stream >= 16 || high >= 256) throw new Error(`seededUuid: stream ${stream} / index ${index} out of range`);
  const a = scramble32(((stream << 28) | (index & 0x0fffffff)) >>> 0, seed);
  const b = hash32(seed, stream, index, 1);
  const c = hash32(seed, stream, index, 2);
  const d = (hash32(seed, stream, index, 3) & 0x00ffffff) | (high << 24);
  const h = hex8(a) + hex8((b & 0xffff0fff) | 0x4000) + hex8((c & 0x3fffffff) | 0x80000000) + hex8(d);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Each step (xor with a constant, multiply by an odd number, xorshift) is invertible mod
// 2^32, so distinct inputs give distinct outputs.
function scramble32(value: number, seed: number): number {
  let x = (value ^ hash32(seed, 0x5eed)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

function hex8(value: number): string {
  return BYTE_HEX[value >>> 24]! + BYTE_HEX[(value >>> 16) & 255]! + BYTE_HEX[(value >>> 8) & 255]! + BYTE_HEX[value & 255]!;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

const HEX = "0123456789abcdef";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
