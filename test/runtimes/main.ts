/**
 * The smoke bundle's entry: runs the scenario and prints its report as one JSON line.
 *
 * @remarks
 * Web standards only, so Deno, Bun and a browser page run the same file. Only a browser page gets the Web Storage
 * token store: Deno also has `localStorage`, but it persists to disk, and the brief keeps that store to the browser.
 * A failed scenario still prints its line, then throws: an uncaught error is a non-zero exit in Deno and Bun and a
 * `pageerror` in a browser, without reaching for `process` or `Deno.exit`.
 *
 * @module
 */
import { detectRuntime } from './runtime-info.ts';
import { runScenario } from './scenario.ts';

const storage = detectRuntime().name === 'browser' ? globalThis.localStorage : undefined;
const report = await runScenario({ storage });
console.log(JSON.stringify(report));
if (!report.ok) throw new Error(`the runtime smoke scenario failed at ${report.failure?.step}`);
