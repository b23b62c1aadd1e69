/**
 * Separates the options of a command line from its positional words.
 *
 * @module
 */
import { acceptedOptions, type OptionSpec, refusedOptions } from './option-table.ts';
import { UsageError } from './usage-error.ts';

/**
 * A command line split into its words and its options.
 *
 * @example
 * ```ts
 * const { words, options, switches } = splitArgv(['all', 'get', '-l', '5', '--raw']);
 * // words: ['all', 'get'], options: Map { 'limit' => '5' }, switches: Set { 'raw' }
 * ```
 */
export interface SplitArgv {
  /** The positional words, in order. */
  readonly words: readonly string[];
  /** The options given with a value, by long name; a repeated option keeps its last value. */
  readonly options: ReadonlyMap<string, string>;
  /** The switches given (`raw`, `help`, `version`, `password-stdin`), by long name. */
  readonly switches: ReadonlySet<string>;
}

const byLong = new Map(acceptedOptions.map((option) => [option.name, option]));
const byShort = new Map(
  acceptedOptions.flatMap((option) => (option.short ? [[option.short, option] as const] : [])),
);

/**
 * Splits `argv` into positional words and options.
 *
 * @remarks
 * Options are `--name value`, `--name=value` and, for those that have one, the upstream CLI's `-x value`, anywhere
 * on the line. `--` ends the options, so a password that starts with `--` can follow it. A word of one dash and
 * more than one letter (`-secret`) is positional, as is a lone `-`: `node:util`'s `parseArgs` would read `-secret`
 * as six switches, taking a password apart, and its errors quote the word, so the split is done here.
 *
 * @throws {@link UsageError} for an unknown option, an upstream option the users commands cannot honour (saying
 * why), or an option without its value. The message names only options from the tables, never another word.
 *
 * @example
 * ```ts
 * splitArgv(['-u', 'http://localhost:9002', 'profile']).options.get('users-url'); // 'http://localhost:9002'
 * ```
 */
export function splitArgv(argv: readonly string[]): SplitArgv {
  const words: string[] = [];
  const options = new Map<string, string>();
  const switches = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--') {
      words.push(...argv.slice(index + 1));
      break;
    }
    const [spelling, inline] = split(word);
    const option = optionOf(spelling);
    if (option === undefined) {
      words.push(word);
      continue;
    }
    if (!option.valued) {
      if (inline !== undefined) throw new UsageError(`${spelling} takes no value`);
      switches.add(option.name);
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') throw new UsageError(`${spelling} needs a value`);
    options.set(option.name, value);
  }
  return { words, options, switches };
}

/** `--name=value` into its spelling and value; any other word as it is. */
function split(word: string): [string, string | undefined] {
  const equals = word.indexOf('=');
  if (!word.startsWith('--') || equals === -1) return [word, undefined];
  return [word.slice(0, equals), word.slice(equals + 1)];
}

/** The option `spelling` names; `undefined` for a positional word. */
function optionOf(spelling: string): OptionSpec | undefined {
  if (spelling.startsWith('--') && spelling.length > 2) {
    const name = spelling.slice(2);
    const option = byLong.get(name);
    if (option) return option;
    refuse(refusedOptions.find((refused) => refused.name === name));
    // Only a known option's name is echoed: an unknown word after `--` could be a misplaced secret.
    throw new UsageError('unknown option (see --help for the options)');
  }
  if (/^-[A-Za-z]$/.test(spelling)) {
    const letter = spelling.slice(1);
    const option = byShort.get(letter);
    if (option) return option;
    refuse(refusedOptions.find((refused) => refused.short === letter));
    throw new UsageError(`unknown option ${spelling} (see --help for the options)`);
  }
  return undefined;
}

function refuse(refused: (typeof refusedOptions)[number] | undefined): void {
  if (refused === undefined) return;
  const spelling = refused.short ? `-${refused.short}/--${refused.name}` : `--${refused.name}`;
  throw new UsageError(`${spelling} ${refused.why}`);
}
