/** A same-site path to go back to after sign-in; anything else (another host, `//evil`) falls back. */
export function safeReturnTo(value: unknown, fallback = "/communications"): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : fallback;
}
