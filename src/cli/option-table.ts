/**
 * The options `magistrala-users` accepts, and the upstream CLI's options it refuses, with why.
 *
 * @module
 */

/**
 * An option the CLI accepts.
 *
 * @example
 * ```ts
 * const limit: OptionSpec = { name: 'limit', short: 'l', valued: true };
 * ```
 */
export interface OptionSpec {
  /** The long name, without dashes: what {@link splitArgv} reports it as. */
  readonly name: string;
  /** The one-letter spelling, without its dash, if it has one. */
  readonly short?: string;
  /** Whether it takes a value (`--name value`, `--name=value`, `-x value`); otherwise it is a switch. */
  readonly valued: boolean;
}

/**
 * Every option the CLI accepts. The one-letter spellings are the upstream Go CLI's (`magistrala-cli`), with the
 * same meaning; `--url` is this CLI's older spelling of `--users-url`.
 *
 * @example
 * ```ts
 * acceptedOptions.find((option) => option.short === 'l')?.name; // 'limit'
 * ```
 */
export const acceptedOptions: readonly OptionSpec[] = [
  { name: 'users-url', short: 'u', valued: true },
  { name: 'url', valued: true },
  { name: 'backend', valued: true },
  { name: 'config', short: 'c', valued: true },
  { name: 'raw', short: 'r', valued: false },
  { name: 'limit', short: 'l', valued: true },
  { name: 'offset', short: 'o', valued: true },
  { name: 'metadata', short: 'm', valued: true },
  { name: 'name', short: 'n', valued: true },
  { name: 'status', short: 'S', valued: true },
  { name: 'identity', short: 'I', valued: true },
  { name: 'email', short: 'e', valued: true },
  { name: 'profile', valued: true },
  { name: 'session', valued: true },
  { name: 'password-stdin', valued: false },
  { name: 'help', short: 'h', valued: false },
  { name: 'version', valued: false },
];

/** An upstream option that the users commands cannot honour: its spellings, as {@link OptionSpec} has them. */
interface RefusedOption extends Pick<OptionSpec, 'name' | 'short'> {
  /** Why it is refused: the end of the sentence `--name <why>`. */
  readonly why: string;
}

/** The upstream options naming another service's URL: all refused for the same reason. */
const otherServiceUrls: readonly Pick<OptionSpec, 'name' | 'short'>[] = [
  { name: 'things-url', short: 't' },
  { name: 'clients-url' },
  { name: 'channels-url' },
  { name: 'domains-url', short: 'd' },
  { name: 'bootstrap-url', short: 'b' },
  { name: 'certs-url', short: 's' },
  { name: 'http-url', short: 'p' },
  { name: 'reader-url', short: 'R' },
  { name: 'invitations-url', short: 'v' },
  { name: 'journal-url' },
  { name: 'auth-url', short: 'a' },
];

const otherService =
  'names another service: the users commands talk only to the users service (-u/--users-url)';

/**
 * The upstream CLI's persistent options that mean nothing for the users commands, or that this CLI will not honour.
 *
 * @example
 * ```ts
 * refusedOptions.find((option) => option.name === 'curl')?.why;
 * ```
 */
export const refusedOptions: readonly RefusedOption[] = [
  ...otherServiceUrls.map((option) => ({ ...option, why: otherService })),
  {
    name: 'host-url',
    short: 'H',
    why: 'is the upstream host of the other services: give the users service with -u/--users-url',
  },
  {
    name: 'content-type',
    short: 'y',
    why: 'is the content type of messages, which the users commands never send',
  },
  {
    name: 'insecure',
    short: 'i',
    why: 'is not supported: TLS certificates are always checked (trust a private CA with NODE_EXTRA_CA_CERTS)',
  },
  { name: 'curl', short: 'x', why: 'is not supported: it would print each request with its bearer token' },
  { name: 'state', short: 'z', why: 'filters bootstrap configurations, not users' },
  { name: 'topic', short: 'T', why: 'filters subscriptions and messages, not users' },
  { name: 'contact', short: 'C', why: 'filters subscriptions, not users' },
];
