// Shared pieces of the webhook signature verifiers. Everything here must run on the edge:
// Web Crypto, atob/btoa and TextEncoder only — no Buffer, no node: modules.

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The request body exactly as received: `await request.text()` or its bytes. */
export type RawBody = string | Uint8Array;

export const passed: SignatureCheck = Object.freeze({ ok: true });

export function failed(reason: string): SignatureCheck {
  return { ok: false, reason };
}

export function toBytes(body: RawBody): Uint8Array<ArrayBuffer> {
  // `typeof`, not `instanceof`: in the edge runtime a body may come from another realm.
  return typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
}

export function toText(body: RawBody): string {
  return typeof body === "string" ? body : new TextDecoder().decode(body);
}

export function concatBytes(...parts: RawBody[]): Uint8Array<ArrayBuffer> {
  const chunks = parts.map(toBytes);
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Standard base64 (padding optional, surrounding whitespace ignored); null when malformed. */
export function decodeBase64(value: string): Uint8Array<ArrayBuffer> | null {
  const compact = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  try {
    return Uint8Array.from(atob(compact), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Hex of either case; null when malformed. */
export function decodeHex(value: string): Uint8Array<ArrayBuffer> | null {
  if (value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(value)) return null;
  const out = new Uint8Array(value.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(value.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function encodeHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Constant-time string comparison, for MACs we compare as text. Where we hold the key,
 * `crypto.subtle.verify("HMAC", …)` does the comparison instead (constant-time per spec).
 * The early length exit leaks only the length, which is public for a fixed-size MAC.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let i = 0; i < left.length; i++) difference |= left[i]! ^ right[i]!;
  return difference === 0;
}

/** Imported once per process and secret, not per request (memoised: keyed by what it imports). */
export function importHmacKey(secret: string, hash: "SHA-1" | "SHA-256", usage: "sign" | "verify"): Promise<CryptoKey> {
  return memoise(`hmac:${hash}:${usage}:${secret}`, () =>
    crypto.subtle.importKey("raw", toBytes(secret), { name: "HMAC", hash }, false, [usage]),
  );
}

// A handful of secrets per installation; the bound only keeps a caller cycling through
// secrets (tests, rotation) from growing it without end.
const MEMO_LIMIT = 64;
const memo = new Map<string, Promise<unknown>>();

/** A per-process cache of derived key material; a failed derivation is not kept. */
export function memoise<T>(key: string, derive: () => Promise<T>): Promise<T> {
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = derive();
    memo.set(key, value);
    value.catch(() => memo.get(key) === value && memo.delete(key));
  }
  return value;
}

type TimestampRule = {
  header: string;
  now: Date;
  /** How old a timestamp may be. */
  maxAgeSeconds: number;
  /** How far ahead of our clock a timestamp may be (the sender's clock may run fast). */
  maxSkewSeconds: number;
};

/** Parses a unix-seconds header and checks it lies in the window; returns the seconds or a failure. */
export function checkTimestamp(value: string, rule: TimestampRule): number | SignatureCheck {
  if (!/^\d{1,12}$/.test(value.trim())) {
    return failed(`${rule.header} header is not a unix timestamp in seconds (got "${value.slice(0, 40)}")`);
  }
  const seconds = Number(value.trim());
  const age = Math.floor(rule.now.getTime() / 1000) - seconds;
  const window = describeWindow(rule.maxAgeSeconds, rule.maxSkewSeconds);
  if (age > rule.maxAgeSeconds) {
    return failed(
      `timestamp outside the ${window} window: ${rule.header} is ${describeDuration(age)} old — ` +
        "a replayed or long-delayed request, or this server's clock is wrong",
    );
  }
  if (-age > rule.maxSkewSeconds) {
    return failed(
      `timestamp outside the ${window} window: ${rule.header} is ${describeDuration(-age)} in the future — ` + "check this server's clock",
    );
  }
  return seconds;
}

function describeWindow(maxAgeSeconds: number, maxSkewSeconds: number): string {
  return maxAgeSeconds === maxSkewSeconds
    ? windowLabel(maxAgeSeconds)
    : `${windowLabel(maxAgeSeconds)} (+${windowLabel(maxSkewSeconds)} clock skew)`;
}

const UNITS: [name: string, seconds: number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/** "5-minute", "25-hour": the largest unit that divides the window exactly. */
function windowLabel(seconds: number): string {
  const [unit, size] = UNITS.find(([, size]) => seconds % size === 0) ?? ["second", 1];
  return `${seconds / size}-${unit}`;
}

/** "3 days", "1 hour": rounded down to the largest whole unit. */
function describeDuration(seconds: number): string {
  const [unit, size] = UNITS.find(([, size]) => seconds >= size) ?? ["second", 1];
  const count = Math.floor(seconds / size);
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}
