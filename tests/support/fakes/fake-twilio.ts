import { type FakeHttpServer, startFakeHttpServer } from "./http-fake";

// Twilio's Messages API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic
// auth (account SID : auth token), form-urlencoded body. Answers with a message resource
// (status queued) or Twilio's error envelope { code, message, more_info, status }.

export const FAKE_TWILIO = { accountSid: "AC00000000000000000000000000000001", authToken: "twilio-auth-token", from: "+33700000001" };
export const FAKE_TWILIO_SID = "SM00000000000000000000000000000042";

export function startFakeTwilio(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request) => {
    if (request.method !== "POST" || request.path !== `/2010-04-01/Accounts/${FAKE_TWILIO.accountSid}/Messages.json`) {
      return twilioError(404, 20404, "The requested resource was not found");
    }
    if (request.headers.authorization !== `Basic ${btoa(`${FAKE_TWILIO.accountSid}:${FAKE_TWILIO.authToken}`)}`) {
      return twilioError(401, 20003, "Authenticate");
    }
    const form = new URLSearchParams(request.text);
    if (!form.get("To") || !form.get("Body")) return twilioError(400, 21604, "A 'To' phone number is required.");
    return {
      status: 201,
      json: {
        sid: FAKE_TWILIO_SID,
        account_sid: FAKE_TWILIO.accountSid,
        to: form.get("To"),
        from: form.get("From"),
        messaging_service_sid: form.get("MessagingServiceSid"),
        body: form.get("Body"),
        status: "queued",
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
        date_created: "Thu, 15 Jan 2026 10:00:00 +0000",
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${FAKE_TWILIO.accountSid}/Messages/${FAKE_TWILIO_SID}.json`,
      },
    };
  });
}

export function twilioError(status: number, code: number, message: string, headers?: Record<string, string>) {
  return { status, headers, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}
