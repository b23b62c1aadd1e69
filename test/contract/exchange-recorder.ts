/**
 * A `fetch` wrapper that keeps every request and response that passed through it.
 *
 * @module
 */

/** The `fetch` signature. */
type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * A request as it was sent.
 *
 * @example
 * ```ts
 * const sent: SentRequest = { method: 'GET', url: 'http://localhost:9002/health', headers: {}, body: '' };
 * ```
 */
export interface SentRequest {
  /** Upper case. */
  readonly method: string;
  readonly url: string;
  /** Lower-case names. Holds the bearer as sent: never print it. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, '' when there was none. Holds passwords as sent: never print it. */
  readonly body: string;
}

/**
 * A response as it was received.
 *
 * @example
 * ```ts
 * const received: ReceivedResponse = { status: 204, headers: {}, body: '' };
 * ```
 */
export interface ReceivedResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, '' when there was none. Holds tokens: never print it. */
  readonly body: string;
}

/**
 * One round trip, with the scripted step that caused it.
 *
 * @example
 * ```ts
 * for (const exchange of recorder.exchanges) contract.checkResponse(exchange);
 * ```
 */
export interface Exchange {
  readonly step: string;
  /** `false` for requests a test malformed on purpose (sent with `rawFetch`): only the response is checked. */
  readonly checkRequest: boolean;
  readonly request: SentRequest;
  readonly response: ReceivedResponse;
}

/**
 * Records every exchange that goes through its `fetch` or `rawFetch`, labelled with the current step.
 *
 * @remarks
 * The recorded messages hold tokens and passwords as they travelled: assert on them, never print them.
 *
 * @example
 * ```ts
 * const recorder = new ExchangeRecorder(service.fetch);
 * const users = new UsersClient({ baseUrl: service.baseUrl, fetch: recorder.fetch });
 * recorder.step('health');
 * await users.health();
 * recorder.exchanges.length; // 1
 * ```
 */
export class ExchangeRecorder {
  readonly #target: FetchFunction;
  readonly #exchanges: Exchange[] = [];
  #step = 'start';

  constructor(target: FetchFunction) {
    this.#target = target;
  }

  /** Every exchange so far, oldest first. */
  get exchanges(): readonly Exchange[] {
    return this.#exchanges;
  }

  /** Labels the exchanges that follow. */
  step(name: string): void {
    this.#step = name;
  }

  /** A `fetch` whose exchanges are checked on both sides. */
  readonly fetch: FetchFunction = (input, init) => this.#send(new Request(input, init), true);

  /** A `fetch` for requests malformed on purpose: only their responses are checked. */
  readonly rawFetch: FetchFunction = (input, init) => this.#send(new Request(input, init), false);

  async #send(request: Request, checkRequest: boolean): Promise<Response> {
    const sent: SentRequest = {
      method: request.method.toUpperCase(),
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.clone().text(),
    };
    const response = await this.#target(request);
    const received: ReceivedResponse = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.clone().text(),
    };
    this.#exchanges.push({ step: this.#step, checkRequest, request: sent, response: received });
    return response;
  }
}
