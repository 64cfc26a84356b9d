import { decodeHex, encodeHex, failed, importHmacKey, passed, toBytes, type RawBody, type SignatureCheck } from "./encoding";

// Pingen's `Signature` header: lowercase hex HMAC-SHA256 of the raw body, keyed with the
// webhook's signing secret as text (official PHP/Python/Go SDKs; no npm SDK exists). There is
// no timestamp, so a replay is only stopped by deduplicating relationships.event.data.id.

export const PINGEN_SIGNATURE_HEADER = "Signature";

export async function verifyPingenWebhook(rawBody: RawBody, headers: Headers, secret: string): Promise<SignatureCheck> {
  const header = headers.get(PINGEN_SIGNATURE_HEADER);
  if (!header) return failed(`missing ${PINGEN_SIGNATURE_HEADER} header — is this request from Pingen?`);
  const signature = decodeHex(header.trim());
  if (!signature || signature.length !== 32) {
    return failed(`${PINGEN_SIGNATURE_HEADER} header is not a 64-character hex HMAC-SHA256`);
  }
  if (!secret) return failed("the Pingen webhook signing secret is empty — copy it from the webhook's settings in Pingen");

  const key = await importHmacKey(secret, "SHA-256", "verify");
  return (await crypto.subtle.verify("HMAC", key, signature, toBytes(rawBody)))
    ? passed
    : failed("signature does not match — check the Pingen webhook signing secret and that the raw, unparsed body is verified");
}

/** Headers a Pingen delivery of `rawBody` carries, for the sandbox's signed callbacks. */
export async function signPingenPayload(secret: string, rawBody: RawBody): Promise<{ [PINGEN_SIGNATURE_HEADER]: string }> {
  const key = await importHmacKey(secret, "SHA-256", "sign");
  const signature = await crypto.subtle.sign("HMAC", key, toBytes(rawBody));
  return { [PINGEN_SIGNATURE_HEADER]: encodeHex(new Uint8Array(signature)) };
}
