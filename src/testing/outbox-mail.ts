/**
 * The mails the fake service "sends".
 *
 * @module
 */

/**
 * A mail the service would have sent, kept in `service.outbox` for tests to read.
 *
 * @remarks
 * It holds a live token: read it in tests, never print or log it.
 *
 * @example
 * ```ts
 * const mail = service.outbox.find((m) => m.kind === 'password-reset' && m.to === 'jane@example.com');
 * await fetch(`${url}/password/reset`, { headers: { Authorization: `Bearer ${mail?.token}` } });
 * ```
 */
export interface OutboxMail {
  /** The recipient's address. */
  readonly to: string;
  /** `password-reset` (from `POST /password/reset-request`) or `verification` (from `POST /users/send-verification`). */
  readonly kind: 'password-reset' | 'verification';
  /** The token the link carries: a recovery JWT, or a verification token. */
  readonly token: string;
  /** The link the mail contains: the configured URL prefix with `?token=…`. */
  readonly link: string;
}
