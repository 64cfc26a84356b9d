import {
  decodeBase64,
  encodeBase64,
  encodeHex,
  failed,
  importHmacKey,
  passed,
  timingSafeEqual,
  toBytes,
  toText,
  type RawBody,
  type SignatureCheck,
} from "./encoding";

// Twilio's X-Twilio-Signature: base64 HMAC-SHA1 keyed with the account Auth Token over the
// full public URL followed by every POST parameter as name+value, sorted by name. There is
// no timestamp, so a replay is only stopped by deduplicating (MessageSid, MessageStatus).
//
// Written against Web Crypto because twilio.validateRequest needs Node's crypto, url and
// Buffer. It follows that function's rules: the URL is tried with and without its port
// (Twilio is inconsistent about it), repeated parameters are de-duplicated and sorted, and
// a URL carrying `bodySHA256` (JSON bodies) signs the URL alone plus a SHA-256 of the body.

export const TWILIO_SIGNATURE_HEADER = "X-Twilio-Signature";

/**
 * `publicUrl` is the URL configured at Twilio (statusCallback), query string included —
 * behind a proxy it differs from request.url, so the caller passes it. `rawBody` is the
 * form-urlencoded body (or the JSON body when the URL carries bodySHA256).
 */
export async function verifyTwilioWebhook(
  rawBody: RawBody,
  headers: Headers,
  authToken: string,
  publicUrl: string,
  options: { hmacSha1?: HmacSha1 } = {},
): Promise<SignatureCheck> {
  const header = headers.get(TWILIO_SIGNATURE_HEADER);
  if (!header) return failed(`missing ${TWILIO_SIGNATURE_HEADER} header — is this request from Twilio?`);
  const signature = decodeBase64(header);
  if (!signature || signature.length === 0) return failed(`${TWILIO_SIGNATURE_HEADER} is not base64`);
  if (!authToken) return failed("the Twilio auth token is empty — set the account's Auth Token");
  const url = parseUrl(publicUrl);
  if (!url) return failed(`the public webhook URL "${publicUrl}" is not an absolute URL`);

  const bodyHash = url.searchParams.get("bodySHA256");
  const params = bodyHash === null ? new URLSearchParams(toText(rawBody)) : new URLSearchParams();
  const verify = options.hmacSha1 ? verifyWith(options.hmacSha1, authToken) : await webCryptoVerifier(authToken);
  // One variant after the other, most likely first (the URL as given): the URL is public, so
  // which variant matched reveals nothing, and most requests then cost one HMAC, not two.
  const signed = serializeParams(params);
  let matched = false;
  for (const variant of urlVariants(url)) {
    matched = await verify(signature, toBytes(variant + signed));
    if (matched) break;
  }
  if (!matched) {
    return failed(
      "signature does not match — check the Twilio auth token and that the public URL is exactly the one " +
        "configured at Twilio (scheme, host, path and query)",
    );
  }
  if (bodyHash !== null) {
    const actual = encodeHex(new Uint8Array(await crypto.subtle.digest("SHA-256", toBytes(rawBody))));
    if (!timingSafeEqual(actual, bodyHash.toLowerCase())) {
      return failed("the body does not match the URL's bodySHA256 — verify the raw, unparsed body");
    }
  }
  return passed;
}

/** Headers for a Twilio-style callback of `params` posted to `url`, for the sandbox. */
export async function signTwilioRequest(
  authToken: string,
  url: string,
  params: URLSearchParams | Record<string, string>,
): Promise<{ [TWILIO_SIGNATURE_HEADER]: string }> {
  const key = await importHmacKey(authToken, "SHA-1", "sign");
  const data = new URL(url).toString() + serializeParams(new URLSearchParams(params));
  const signature = await crypto.subtle.sign("HMAC", key, toBytes(data));
  return { [TWILIO_SIGNATURE_HEADER]: encodeBase64(new Uint8Array(signature)) };
}

/**
 * A synchronous HMAC-SHA1 (node:crypto's, on Node): Web Crypto hands every HMAC to a worker
 * thread, which costs a webhook request more than the HMAC itself. Not available on the edge,
 * hence optional.
 */
export type HmacSha1 = (key: string, data: Uint8Array) => Uint8Array;

type Verify = (signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) => boolean | Promise<boolean>;

function verifyWith(hmacSha1: HmacSha1, authToken: string): Verify {
  // Constant-time over the fixed-size MAC, as crypto.subtle.verify compares.
  return (signature, data) => {
    const expected = hmacSha1(authToken, data);
    if (expected.length !== signature.length) return false;
    let difference = 0;
    for (let i = 0; i < expected.length; i++) difference |= expected[i]! ^ signature[i]!;
    return difference === 0;
  };
}

async function webCryptoVerifier(authToken: string): Promise<Verify> {
  const key = await importHmacKey(authToken, "SHA-1", "verify");
  return (signature, data) => crypto.subtle.verify("HMAC", key, signature, data);
}

function serializeParams(params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  return names.flatMap((name) => [...new Set(params.getAll(name))].sort().map((value) => name + value)).join("");
}

function urlVariants(url: URL): string[] {
  const withoutPort = new URL(url);
  withoutPort.port = "";
  // WHATWG URL drops a default port, so spell it out by hand as Twilio may have signed it.
  const credentials = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ""}@` : "";
  const defaultPort = url.protocol === "https:" ? "443" : "80";
  const withPort = url.port
    ? url.toString()
    : `${url.protocol}//${credentials}${url.host}:${defaultPort}${url.pathname}${url.search}${url.hash}`;
  // The URL as given first: the form it was signed in, unless Twilio was inconsistent.
  return [...new Set([url.toString(), withoutPort.toString(), withPort])];
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
