import {
  checkTimestamp,
  concatBytes,
  decodeHex,
  encodeHex,
  failed,
  importHmacKey,
  passed,
  type RawBody,
  type SignatureCheck,
} from "./encoding";

// Herald's contract with its Peppol access point. Peppol defines AS4 between access points,
// not callbacks from an AP to its client, so each AP has its own scheme; this is the one we
// require of ours (and the sandbox AP implements):
//
//   X-Peppol-Timestamp: unix seconds when the request was signed (re-signed on every retry)
//   X-Peppol-Signature: lowercase hex HMAC-SHA256(secret, `${X-Peppol-Timestamp}.${rawBody}`)
//
// The secret is shared text, used as UTF-8 bytes. Requests more than 5 minutes off our clock,
// either way, are rejected: the timestamp is signed, so this bounds replays.

export const PEPPOL_SIGNATURE_HEADER = "X-Peppol-Signature";
export const PEPPOL_TIMESTAMP_HEADER = "X-Peppol-Timestamp";

const TOLERANCE_SECONDS = 5 * 60;

export async function verifyPeppolWebhook(
  rawBody: RawBody,
  headers: Headers,
  secret: string,
  options: { now?: Date } = {},
): Promise<SignatureCheck> {
  const header = headers.get(PEPPOL_SIGNATURE_HEADER);
  const timestamp = headers.get(PEPPOL_TIMESTAMP_HEADER);
  if (!header) return failed(`missing ${PEPPOL_SIGNATURE_HEADER} header — is this request from the access point?`);
  if (!timestamp) return failed(`missing ${PEPPOL_TIMESTAMP_HEADER} header — is this request from the access point?`);

  const seconds = checkTimestamp(timestamp, {
    header: PEPPOL_TIMESTAMP_HEADER,
    now: options.now ?? new Date(),
    maxAgeSeconds: TOLERANCE_SECONDS,
    maxSkewSeconds: TOLERANCE_SECONDS,
  });
  if (typeof seconds !== "number") return seconds;

  const signature = decodeHex(header.trim());
  if (!signature || signature.length !== 32) {
    return failed(`${PEPPOL_SIGNATURE_HEADER} header is not a 64-character hex HMAC-SHA256`);
  }
  if (!secret) return failed("the Peppol access point webhook secret is empty — set the secret agreed with the AP");

  const key = await importHmacKey(secret, "SHA-256", "verify");
  return (await crypto.subtle.verify("HMAC", key, signature, concatBytes(`${timestamp}.`, rawBody)))
    ? passed
    : failed("signature does not match — check the Peppol access point webhook secret and that the raw, unparsed body is verified");
}

/** Headers the access point sends with `rawBody`, for the sandbox AP's signed callbacks. */
export async function signPeppolPayload(
  secret: string,
  rawBody: RawBody,
  timestamp: number = Math.floor(Date.now() / 1000),
): Promise<{ [PEPPOL_SIGNATURE_HEADER]: string; [PEPPOL_TIMESTAMP_HEADER]: string }> {
  const key = await importHmacKey(secret, "SHA-256", "sign");
  const signature = await crypto.subtle.sign("HMAC", key, concatBytes(`${timestamp}.`, rawBody));
  return {
    [PEPPOL_SIGNATURE_HEADER]: encodeHex(new Uint8Array(signature)),
    [PEPPOL_TIMESTAMP_HEADER]: String(timestamp),
  };
}
