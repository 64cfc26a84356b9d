import {
  checkTimestamp,
  concatBytes,
  decodeBase64,
  encodeBase64,
  failed,
  memoise,
  passed,
  type RawBody,
  type SignatureCheck,
} from "./encoding";

// SendGrid's Signed Event Webhook: ECDSA P-256 / SHA-256 over `${timestamp}${rawBody}` (the
// raw body includes SendGrid's CRLFs), signature = base64 DER, verification key = base64 DER
// SPKI as shown under Settings > Mail Settings > Event Webhooks.
//
// Written against Web Crypto because @sendgrid/eventwebhook (starkbank-ecdsa) needs Node's
// crypto and Buffer. Web Crypto speaks raw r‖s signatures, hence the DER conversions.

export const SENDGRID_SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
export const SENDGRID_TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

// SendGrid documents no freshness window and we don't know whether a retry is re-signed with
// a new timestamp (docs/providers.md, open questions). It retries for up to 24 hours, so a
// 5-minute window could drop every retried batch after an outage. 25 hours still bounds a
// replay, and a replayed batch carries the same sg_event_ids, which the event store dedupes.
const DEFAULT_MAX_AGE_SECONDS = 25 * 60 * 60;
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const ECDSA_SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;
const COORDINATE_BYTES = 32;

export async function verifySendgridWebhook(
  rawBody: RawBody,
  headers: Headers,
  publicKey: string,
  options: { now?: Date; maxAgeSeconds?: number } = {},
): Promise<SignatureCheck> {
  const signature = headers.get(SENDGRID_SIGNATURE_HEADER);
  const timestamp = headers.get(SENDGRID_TIMESTAMP_HEADER);
  if (!signature) {
    return failed(`missing ${SENDGRID_SIGNATURE_HEADER} header — is Signed Event Webhook enabled in SendGrid?`);
  }
  if (!timestamp) {
    return failed(`missing ${SENDGRID_TIMESTAMP_HEADER} header — is Signed Event Webhook enabled in SendGrid?`);
  }

  const seconds = checkTimestamp(timestamp, {
    header: SENDGRID_TIMESTAMP_HEADER,
    now: options.now ?? new Date(),
    maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    maxSkewSeconds: MAX_CLOCK_SKEW_SECONDS,
  });
  if (typeof seconds !== "number") return seconds;

  const key = await importVerificationKey(publicKey);
  if (!key) {
    return failed(
      "the SendGrid verification key is not a base64 SPKI P-256 public key — copy it from " +
        "Settings > Mail Settings > Event Webhooks > Signature verification",
    );
  }
  const der = decodeBase64(signature);
  const rawSignature = der && derToRawSignature(der);
  if (!rawSignature) return failed(`${SENDGRID_SIGNATURE_HEADER} is not a base64 DER ECDSA signature`);

  // The header's own text is signed, so use it verbatim rather than the parsed number.
  const valid = await crypto.subtle.verify(ECDSA_SHA256, key, rawSignature, concatBytes(timestamp, rawBody));
  return valid
    ? passed
    : failed("signature does not match — check the SendGrid verification key and that the raw, unparsed body is verified");
}

/** Base64 DER signature of `${timestamp}${rawBody}`, for the sandbox's signed callbacks. */
export async function signSendgridPayload(privateKey: CryptoKey, timestamp: number, rawBody: RawBody): Promise<string> {
  const raw = await crypto.subtle.sign(ECDSA_SHA256, privateKey, concatBytes(String(timestamp), rawBody));
  return encodeBase64(rawToDerSignature(new Uint8Array(raw)));
}

/** Base64 DER SPKI of a P-256 public key: the form SendGrid shows and the verifier takes. */
export async function exportSendgridPublicKey(publicKey: CryptoKey): Promise<string> {
  return encodeBase64(new Uint8Array(await crypto.subtle.exportKey("spki", publicKey)));
}

function importVerificationKey(publicKey: string): Promise<CryptoKey | null> {
  return memoise(`sendgrid-spki:${publicKey}`, () => importSpki(publicKey));
}

async function importSpki(publicKey: string): Promise<CryptoKey | null> {
  // Tolerate a key pasted with PEM armour; SendGrid shows bare base64.
  const spki = decodeBase64(publicKey.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, ""));
  if (!spki) return null;
  try {
    return await crypto.subtle.importKey("spki", spki, ECDSA_P256, false, ["verify"]);
  } catch {
    return null;
  }
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }` → 64-byte r‖s; null when it is not that shape. */
function derToRawSignature(der: Uint8Array): Uint8Array<ArrayBuffer> | null {
  if (der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const raw = new Uint8Array(COORDINATE_BYTES * 2);
  let offset = 2;
  for (const target of [0, COORDINATE_BYTES]) {
    const length = der[offset + 1];
    if (der[offset] !== 0x02 || length === undefined || length === 0 || offset + 2 + length > der.length) return null;
    let integer = der.subarray(offset + 2, offset + 2 + length);
    while (integer.length > 1 && integer[0] === 0) integer = integer.subarray(1);
    if (integer.length > COORDINATE_BYTES) return null;
    raw.set(integer, target + COORDINATE_BYTES - integer.length);
    offset += 2 + length;
  }
  return offset === der.length ? raw : null;
}

/** 64-byte r‖s → minimal DER `SEQUENCE { INTEGER r, INTEGER s }`. */
function rawToDerSignature(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const integers = [raw.subarray(0, COORDINATE_BYTES), raw.subarray(COORDINATE_BYTES)].map((value) => {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    const trimmed = value.subarray(start);
    // A leading 1 bit would read as negative: prefix a zero byte.
    const body = trimmed[0]! & 0x80 ? [0, ...trimmed] : [...trimmed];
    return [0x02, body.length, ...body];
  });
  const content = integers.flat();
  return new Uint8Array([0x30, content.length, ...content]);
}
