import { z } from "zod";

// The one e-mail syntax check (RFC 5321/5322 addr-spec in its dot-atom form, with RFC 6531
// UTF-8): every path that accepts an address uses it — the channel plan and the hand-over
// gate (lib/routing/contact-validation.ts), suppressions, staff accounts, HERALD_ADMIN_EMAIL.
//
// - local part: dot-separated atoms of letters, digits (any script) and RFC 5322 atext
//   symbols `!#$%&'*+/=?^_\`{|}~-`; no quoted strings, comments, spaces, `<>()[]\,;:"@`,
//   leading / trailing / doubled dots; at most 64 characters;
// - domain: at least two labels of letters, digits (any script) and inner hyphens, each
//   1–63 characters, the last one letters (or an xn-- A-label); no IP literals; at most
//   253 characters; the whole address at most 254 (RFC 5321's path limit).
// So `<script>@x.fr`, `"a b"@x.fr`, `a..b@x.fr`, `a@localhost` and `a@1.2.3.4` are refused,
// and `élodie@exemple.fr`, `用户@例子.广告`, `o'brien+tag@example.ie` are accepted.

const ATEXT = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const LOCAL = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*$`, "u");
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u;
const TOP_LABEL = /^(?:[\p{L}\p{M}]{2,63}|xn--[a-z0-9-]{1,59})$/iu;

export function isEmailAddress(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf("@");
  if (at < 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  if (domain.length > 253) return false;
  const labels = domain.split(".");
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TOP_LABEL.test(labels.at(-1)!);
}

/** A trimmed e-mail address (isEmailAddress). */
export function emailAddress(message = "is not a valid e-mail address") {
  return z
    .string()
    .trim()
    .refine((value) => isEmailAddress(value), message);
}

/**
 * A staff member's sign-in address: a valid address (isEmailAddress) that better-auth's
 * sign-in also takes — it checks with zod's default, ASCII-only pattern, so an address
 * outside it could be created but never sign in.
 */
export function staffEmailAddress(message: string) {
  return emailAddress(message).pipe(z.email(message));
}
