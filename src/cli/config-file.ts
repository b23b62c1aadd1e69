/**
 * The upstream CLI's TOML configuration file (`-c`/`--config`), as far as the users commands use it.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error.ts';

/**
 * What a configuration file sets for the users commands: the service and the default filters.
 *
 * @example
 * ```ts
 * const config: CliConfig = { usersUrl: 'http://localhost:9002', limit: 25 };
 * ```
 */
export interface CliConfig {
  /** `[remotes] users_url`. */
  readonly usersUrl?: string;
  /** `[filter] limit`. */
  readonly limit?: number;
  /** `[filter] offset`. */
  readonly offset?: number;
  /** `[filter] name`: the username filter, as `-n`. */
  readonly name?: string;
  /** `[filter] email`: the email filter, as `-e`. */
  readonly email?: string;
  /** `[filter] metadata`: a JSON object, as `-m`. */
  readonly metadata?: Record<string, unknown>;
  /** `raw_output` (or `[filter] raw_output`, where older upstream versions kept it). */
  readonly raw?: boolean;
}

type Table = Record<string, unknown>;

/**
 * Reads the configuration file at `path`, in the layout of the upstream Go CLI's `config.toml`:
 *
 * ```toml
 * raw_output = "false"
 * [remotes]
 * users_url = "http://localhost:9002"
 * [filter]
 * limit = "10"
 * offset = "0"
 * ```
 *
 * @remarks
 * Like upstream, numbers and booleans may be written as TOML strings (`"10"`, `"true"`) or plain values, and an
 * empty string means unset. Keys for the other services (`things_url`, `topic`, `tls_verification`, …) and
 * `user_token` are ignored, as the upstream users commands ignore them: one file can serve both tools. Unlike
 * upstream, a missing file is an error and is never created, and no file is read unless `-c` names it. The TOML
 * parser is loaded only here.
 *
 * @throws {@link UsageError} when the file cannot be read, is not TOML, or holds a value of the wrong kind.
 *
 * @example
 * ```ts
 * const { usersUrl, limit } = await readConfigFile('./config.toml');
 * ```
 */
export async function readConfigFile(path: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    throw new UsageError(`the config file (-c) ${missing ? 'does not exist' : 'cannot be read'}`);
  }
  const { parse } = await import('smol-toml');
  let document: Table;
  try {
    document = parse(text) as Table;
  } catch (error) {
    const line = (error as { line?: unknown }).line;
    throw new UsageError(
      `the config file (-c) is not valid TOML${typeof line === 'number' ? ` (line ${line})` : ''}`,
    );
  }
  const remotes = table(document, 'remotes');
  const filter = table(document, 'filter');
  const config: { -readonly [K in keyof CliConfig]: CliConfig[K] } = {};
  const usersUrl = text_(remotes, 'remotes.users_url');
  const limit = count(filter, 'filter.limit');
  const offset = count(filter, 'filter.offset');
  const name = text_(filter, 'filter.name');
  const email = text_(filter, 'filter.email');
  const metadata = text_(filter, 'filter.metadata');
  const raw = flag(document, 'raw_output') ?? flag(filter, 'filter.raw_output');
  if (usersUrl !== undefined) config.usersUrl = usersUrl;
  if (limit !== undefined) config.limit = limit;
  if (offset !== undefined) config.offset = offset;
  if (name !== undefined) config.name = name;
  if (email !== undefined) config.email = email;
  if (metadata !== undefined) config.metadata = jsonObject(metadata);
  if (raw !== undefined) config.raw = raw;
  return config;
}

function table(document: Table, key: string): Table {
  const value = document[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) wrong(`[${key}]`, 'a table');
  return value as Table;
}

function leaf(where: Table, path: string): unknown {
  const value = where[path.slice(path.lastIndexOf('.') + 1)];
  return value === '' ? undefined : value;
}

function text_(where: Table, path: string): string | undefined {
  const value = leaf(where, path);
  if (value !== undefined && typeof value !== 'string') wrong(path, 'a string');
  return value;
}

function count(where: Table, path: string): number | undefined {
  const value = leaf(where, path);
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'bigint' && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER))
    return Number(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return wrong(path, 'a whole number');
}

function flag(where: Table, path: string): boolean | undefined {
  const value = leaf(where, path);
  if (value === undefined || typeof value === 'boolean') return value;
  // Go's strconv.ParseBool, which upstream applies to these strings.
  if (typeof value === 'string' && /^(1|t|T|TRUE|true|True)$/.test(value)) return true;
  if (typeof value === 'string' && /^(0|f|F|FALSE|false|False)$/.test(value)) return false;
  return wrong(path, 'true or false');
}

function jsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {}
  return wrong('filter.metadata', 'a JSON object');
}

function wrong(path: string, expected: string): never {
  throw new UsageError(`${path} in the config file (-c) must be ${expected}`);
}
