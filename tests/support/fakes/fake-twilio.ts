import { type FakeHttpServer, startFakeHttpServer } from "./http-fake";

// Twilio's Messages API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic
// auth (account SID : auth token), form-urlencoded body. Answers with a message resource
// (status queued) or Twilio's error envelope { code, message, more_info, status }.
// GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json answers the same resource with the
// status set in `statuses` (fields per twilio.com/docs/messaging/api/message-resource:
// status, error_code as a number or null, error_message, date_updated in RFC 2822); an
// unknown sid gets Twilio's 20404.

export const FAKE_TWILIO = { accountSid: "AC00000000000000000000000000000001", authToken: "twilio-auth-token", from: "+33700000001" };
export const FAKE_TWILIO_SID = "SM00000000000000000000000000000042";

export type FakeTwilio = FakeHttpServer & { statuses: Map<string, { status: string; errorCode?: number }> };

const MESSAGES = `/2010-04-01/Accounts/${FAKE_TWILIO.accountSid}/Messages`;

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const statuses: FakeTwilio["statuses"] = new Map();
  const server = await startFakeHttpServer((request) => {
    const fetched = request.path.startsWith(`${MESSAGES}/`) ? /^([^/]+)\.json$/.exec(request.path.slice(MESSAGES.length + 1)) : null;
    if (!(request.method === "POST" && request.path === `${MESSAGES}.json`) && !(request.method === "GET" && fetched)) {
      return twilioError(404, 20404, "The requested resource was not found");
    }
    if (request.headers.authorization !== `Basic ${btoa(`${FAKE_TWILIO.accountSid}:${FAKE_TWILIO.authToken}`)}`) {
      return twilioError(401, 20003, "Authenticate");
    }
    if (fetched) {
      const sid = fetched[1]!;
      const known = statuses.get(sid);
      if (!known) return twilioError(404, 20404, `The requested resource ${MESSAGES}/${sid}.json was not found`);
      return { status: 200, json: messageResource(sid, { status: known.status, errorCode: known.errorCode ?? null }) };
    }
    const form = new URLSearchParams(request.text);
    if (!form.get("To") || !form.get("Body")) return twilioError(400, 21604, "A 'To' phone number is required.");
    return {
      status: 201,
      json: messageResource(FAKE_TWILIO_SID, {
        status: "queued",
        errorCode: null,
        to: form.get("To"),
        from: form.get("From"),
        messagingServiceSid: form.get("MessagingServiceSid"),
        body: form.get("Body"),
      }),
    };
  });
  return { ...server, statuses };
}

function messageResource(
  sid: string,
  fields: {
    status: string;
    errorCode: number | null;
    to?: string | null;
    from?: string | null;
    messagingServiceSid?: string | null;
    body?: string | null;
  },
) {
  return {
    sid,
    account_sid: FAKE_TWILIO.accountSid,
    to: fields.to ?? "+33612345678",
    from: fields.from ?? FAKE_TWILIO.from,
    messaging_service_sid: fields.messagingServiceSid ?? null,
    body: fields.body ?? "Your invoice INV-2026-0042 is available.",
    status: fields.status,
    num_segments: "1",
    direction: "outbound-api",
    api_version: "2010-04-01",
    date_created: "Thu, 15 Jan 2026 10:00:00 +0000",
    date_updated: "Thu, 15 Jan 2026 10:05:00 +0000",
    error_code: fields.errorCode,
    error_message: fields.errorCode ? `Delivery failed (error ${fields.errorCode})` : null,
    uri: `${MESSAGES}/${sid}.json`,
  };
}

export function twilioError(status: number, code: number, message: string, headers?: Record<string, string>) {
  return { status, headers, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}
