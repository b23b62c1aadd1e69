/**
 * The one error type route handlers throw to answer with an error status.
 *
 * @module
 */

/**
 * An error reply: the status and the message the users service would send.
 *
 * @remarks
 * The request pipeline turns it into `{"message": …}` with that status; a 500 is sent with an empty body, as the
 * server does for untyped errors. Messages are the server's fixed strings and never hold request data.
 *
 * @example
 * ```ts
 * throw HttpError.badRequest('missing first name');
 * ```
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** The HTTP status to answer with. */
  readonly status: number;

  /** Creates an error reply with `status` and the server's `message`. */
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }

  /** 400 with `message`: a request the server rejects while decoding or validating it. */
  static badRequest(message: string): HttpError {
    return new HttpError(400, message);
  }

  /** 401 with `message`: missing, invalid or insufficient credentials. */
  static unauthorized(message: string): HttpError {
    return new HttpError(401, message);
  }

  /** 404 `entity not found`: the server's answer for unknown ids and for other users' ids a caller may not see. */
  static notFound(): HttpError {
    return new HttpError(404, 'entity not found');
  }

  /** 422 with `message`: a well-formed request the service cannot carry out. */
  static unprocessable(message: string): HttpError {
    return new HttpError(422, message);
  }

  /** 500 with an empty body. */
  static internal(): HttpError {
    return new HttpError(500, '');
  }
}
