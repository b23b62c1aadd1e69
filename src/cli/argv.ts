/**
 * Separates the options of a command line from its positional words.
 *
 * @module
 */
import { UsageError } from './usage-error.ts';

/** The options that take a value, as `--name value` or `--name=value`. */
const valued = new Set(['url', 'backend', 'session', 'limit', 'offset', 'status', 'metadata']);

/**
 * A command line split into its words and its options.
 *
 * @example
 * ```ts
 * const { words, options, help } = splitArgv(['all', 'get', '--limit', '5']);
 * // words: ['all', 'get'], options: Map { 'limit' => '5' }, help: false
 * ```
 */
export interface SplitArgv {
  /** The positional words, in order. */
  readonly words: readonly string[];
  /** The options given, by name without dashes; a repeated option keeps its last value. */
  readonly options: ReadonlyMap<string, string>;
  /** Whether `-h` or `--help` was given. */
  readonly help: boolean;
}

/**
 * Splits `argv` into positional words and options.
 *
 * @remarks
 * Options are `--name value`, `--name=value`, `--help` and `-h`, anywhere on the line. `--` ends the options, so a
 * password that starts with `--` can follow it. Any other word, a lone `-x` included, is positional.
 *
 * @throws {@link UsageError} for an unknown option or one without its value. The message names the option and
 * never shows a value.
 *
 * @example
 * ```ts
 * splitArgv(['--url=http://localhost:9002', 'profile']).options.get('url'); // 'http://localhost:9002'
 * ```
 */
export function splitArgv(argv: readonly string[]): SplitArgv {
  const words: string[] = [];
  const options = new Map<string, string>();
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--') {
      words.push(...argv.slice(index + 1));
      break;
    }
    if (word === '-h' || word === '--help') help = true;
    else if (!word.startsWith('--')) words.push(word);
    else if (word.includes('=')) options.set(...namedValue(word));
    else {
      const name = optionName(word);
      options.set(name, requireValue(name, argv[++index]));
    }
  }
  return { words, options, help };
}

function namedValue(word: string): [string, string] {
  const split = word.indexOf('=');
  const name = optionName(word.slice(0, split));
  return [name, requireValue(name, word.slice(split + 1))];
}

function optionName(word: string): string {
  const name = word.slice(2);
  // Only a known option's name is echoed: an unknown word after `--` could be a misplaced secret.
  if (!valued.has(name)) throw new UsageError('unknown option (see --help for the options)');
  return name;
}

function requireValue(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
  return value;
}
