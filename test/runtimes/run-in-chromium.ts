/**
 * Runs the smoke bundle in a page of headless Chromium, served from loopback.
 *
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type ConsoleMessage, chromium } from 'playwright-core';
import { serveFiles } from './serve-directory.ts';

/**
 * Flags for a quiet, sandbox-free headless Chromium that talks to nothing but loopback: no QUIC, first-run UI,
 * background fetches, component or sync updates.
 */
export const chromiumFlags: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * What the page did.
 *
 * @example
 * ```ts
 * const { line, errors, offLoopback } = await runInChromium(bundle, { executablePath: '/usr/bin/chromium' });
 * ```
 */
export interface BrowserRun {
  /** The first console line that looks like the scenario's JSON report, if one came. */
  readonly line: string | undefined;
  /** Uncaught page errors, as `name: message`. */
  readonly errors: readonly string[];
  /** Requests the page tried to make to anything but the loopback server (all were aborted). */
  readonly offLoopback: readonly string[];
}

/** Options of {@link runInChromium}. */
export interface RunInChromiumOptions {
  /** The Chromium binary. */
  readonly executablePath: string;
  /** How long to wait for the report, in milliseconds. Default 15 000. */
  readonly timeoutMs?: number;
}

/**
 * Opens a page that imports `bundle` as a module and waits for its JSON report on the console.
 *
 * @remarks
 * The bundle and an `index.html` are served by a `node:http` server on 127.0.0.1, so the page has a real (secure)
 * origin with `localStorage`, Web Locks and WebCrypto. Chromium gets a fresh temporary profile, and every request
 * off that server is aborted and listed in `offLoopback`. Everything is torn down before this resolves.
 *
 * @param bundle - The bundled entry (`main.js`); `index.html` is written next to it.
 * @param options - The browser binary and the time limit.
 * @returns What the page printed and threw.
 *
 * @example
 * ```ts
 * const run = await runInChromium('/tmp/smoke/main.js', { executablePath: '/usr/bin/chromium' });
 * expect(JSON.parse(run.line ?? '')).toMatchObject({ ok: true });
 * ```
 */
export async function runInChromium(bundle: string, options: RunInChromiumOptions): Promise<BrowserRun> {
  const dir = dirname(bundle);
  const script = basename(bundle);
  await writeFile(join(dir, 'index.html'), pageHtml(script));
  const profile = await mkdtemp(join(tmpdir(), 'magistrala-users-chromium-'));
  const server = await serveFiles(dir, ['index.html', script]);
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: options.executablePath,
      headless: true,
      args: [...chromiumFlags],
      timeout: options.timeoutMs ?? 15_000,
    });
    try {
      const offLoopback: string[] = [];
      await context.route(
        (url) => url.origin !== server.url,
        (route) => {
          offLoopback.push(route.request().url());
          return route.abort();
        },
      );
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
      const timeout = options.timeoutMs ?? 15_000;
      const isReport = (message: ConsoleMessage) => message.text().startsWith('{');
      // The report is printed before a failed scenario throws, so an error first means it never came.
      const report = Promise.race([
        page.waitForEvent('console', { predicate: isReport, timeout }).then((message) => message.text()),
        page.waitForEvent('pageerror', { timeout }).then(() => undefined),
      ]).catch(() => undefined);
      await page.goto(`${server.url}/index.html`);
      const line = await report;
      return { line, errors, offLoopback };
    } finally {
      await context.close();
    }
  } finally {
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
}

function pageHtml(script: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>magistrala-users runtime smoke</title></head>
<body><script type="module" src="./${script}"></script></body>
</html>
`;
}
