/**
 * The email check of the users service, which accepts what Go's `net/mail.ParseAddress` accepts.
 *
 * @module
 */

// RFC 5322 atext, plus the non-ASCII characters Go also allows (RFC 6532).
const atext = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u{80}-\\u{10FFFF}]";
const dotAtom = String.raw`${atext}+(?:\.${atext}+)*`;
const quoted = String.raw`"(?:[^"\\\r\n]|\\.)*"`;
const addrSpec = String.raw`(?:${dotAtom}|${quoted})@(?:${dotAtom}|\[[^[\]\\]*\])`;
// Go is lenient with display names: dots may appear in their words ("John Q. Public").
const word = String.raw`(?:(?:${atext}|\.)+|${quoted})`;
const nameAddr = String.raw`(?:${word}(?:\s+${word})*\s*)?<${addrSpec}>`;
// Go reads a comment after a bare address as its display name: `jane@example.com (Jane Doe)`.
const comment = String.raw`\([^()\\]*\)`;
const address = new RegExp(String.raw`^\s*(?:${addrSpec}(?:\s*${comment})?|${nameAddr})\s*$`, 'u');

/**
 * Tells whether `text` parses as one email address, in the bare form (`jane@example.com`) or with a display name
 * (`Jane <jane@example.com>`), as Go's `net/mail` reads it.
 *
 * @example
 * ```ts
 * isEmailAddress('jane@example.com'); // true
 * isEmailAddress('Jane Doe <jane@example.com>'); // true
 * isEmailAddress('"jane doe"@example.com'); // true
 * isEmailAddress('jane@example.com (Jane Doe)'); // true
 * isEmailAddress('janedoe'); // false
 * ```
 */
export function isEmailAddress(text: string): boolean {
  return address.test(text);
}
