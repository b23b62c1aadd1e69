#!/usr/bin/env node
/**
 * The `magistrala-users` executable: runs {@link main} on the process's arguments and sets its exit status.
 *
 * @example
 * ```sh
 * magistrala-users token admin 12345678
 * magistrala-users all get --limit 5
 * ```
 *
 * @module
 */
import { main } from './main.ts';

// exitCode rather than exit(): stdout may still be draining into a pipe.
main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
