/**
 * Asking for a password on a terminal, without echoing it.
 *
 * @module
 */
import type { InputStream, TextSink } from './io.ts';
import { UsageError } from './usage-error.ts';

/**
 * Writes `question` to `output` and reads one line from the terminal `input` with echo off.
 *
 * @remarks
 * The terminal is put in raw mode for the read, so nothing typed is shown; Backspace deletes, Enter ends the line,
 * and Ctrl-C or Ctrl-D on an empty line cancel. Raw mode is turned off again however the read ends.
 *
 * @throws {@link UsageError} when the prompt is cancelled.
 *
 * @example
 * ```ts
 * const password = await promptHidden('Password: ', process.stdin, process.stderr);
 * ```
 */
export function promptHidden(question: string, input: InputStream, output: TextSink): Promise<string> {
  output.write(question);
  input.setRawMode?.(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: string | Buffer) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return finish(() => resolve(value));
        if (char === '\u0003' || (char === '\u0004' && value === '')) {
          return finish(() => reject(new UsageError('cancelled at the password prompt')));
        }
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}
