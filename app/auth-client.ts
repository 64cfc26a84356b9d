import { createAuthClient } from "better-auth/client";

// The browser side of better-auth: talks to /api/auth on the page's own origin.
export const authClient = createAuthClient();
