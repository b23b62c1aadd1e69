import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScenario } from './bundle-scenario.ts';
import { runInChromium } from './run-in-chromium.ts';
import { runProgram } from './run-program.ts';
import type { ScenarioReport, StepReport } from './scenario.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const denoBin = join(root, 'node_modules/.bin/deno');
const bunBin = join(root, 'node_modules/.bin/bun');
const chromiumBin = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// CI installs every runtime, so there a missing one fails its test instead of hiding behind a skip.
const required = Boolean(process.env.CI);
const skipUnless = (path: string) => !required && !existsSync(path);
const titled = (title: string, path: string, install: string) =>
  skipUnless(path) ? `${title} (skipped: ${path} is missing; ${install})` : title;

const noDeno = skipUnless(denoBin);
// The built-package run needs `npm run build` first; CI builds before it tests.
const builtKit = join(root, 'dist/testing/index.js');
const noBuiltKit = noDeno || skipUnless(builtKit);
const noBun = skipUnless(bunBin);
const noChromium = skipUnless(chromiumBin);

/** The steps every runtime must report, in order; the browser's also track the session in `localStorage`. */
function expectedSteps(store: ScenarioReport['store']): StepReport[] {
  const place = (held: boolean) =>
    store === 'localStorage' ? { inStore: held, inStorage: held } : { inStore: held };
  return [
    { step: 'login', observed: { verified: true, ...place(true) } },
    { step: 'create', observed: { username: 'ada', status: 'enabled', role: 'user', tags: ['smoke'] } },
    { step: 'list', observed: { total: 2, usernames: ['ada', 'admin'] } },
    { step: 'search', observed: { usernames: ['ada'] } },
    { step: 'refresh', observed: { rotated: true, stored: true, profile: 'admin' } },
    { step: 'get-missing', observed: { error: 'NotFoundError', status: 404 } },
    { step: 'invalid-input', observed: { error: 'InputValidationError', paths: ['email'], sent: 0 } },
    { step: 'logout', observed: { revoked: 1, ...place(false) } },
    { step: 'after-logout', observed: { error: 'AuthenticationError', status: 401, bearer: false } },
  ];
}

/** Reads the report from a runtime's output: its last non-empty line, which must be JSON. */
function parseReport(stdout: string, stderr: string): unknown {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`no JSON report in the output.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
}

/** Anything a runtime prints must be free of tokens and of the passwords the scenario uses. */
function expectNoSecrets(output: string): void {
  expect(output).not.toMatch(/eyJ[\w-]*\./);
  expect(output).not.toContain('12345678');
  expect(output).not.toContain('analytical-engine');
}

describe('the SDK and its fake service outside Node', () => {
  let workDir = '';
  let bundle = '';
  let exitCheck = '';

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'magistrala-users-runtimes-'));
    bundle = await bundleScenario(workDir);
    exitCheck = await bundleScenario(workDir, 'exit-check.ts');
  });

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it.skipIf(noDeno)(
    titled('runs the whole scenario under Deno 2 with no permissions granted', denoBin, 'run npm install'),
    async () => {
      const result = await runProgram(
        denoBin,
        ['run', '--no-prompt', '--no-config', '--no-remote', '--no-npm', bundle],
        {
          cwd: workDir,
          env: { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(workDir, 'deno-dir'), NO_COLOR: '1' },
        },
      );

      expect(parseReport(result.stdout, result.stderr)).toEqual({
        ok: true,
        runtime: 'deno',
        version: expect.stringMatching(/^2\./),
        store: 'memory',
        steps: expectedSteps('memory'),
      });
      expect(result.code).toBe(0);
      expectNoSecrets(result.stdout + result.stderr);
    },
  );

  it.skipIf(noDeno)(
    titled(
      'lets Deno 2 exit on its own after a Web Storage store and a client on one were used and disposed',
      denoBin,
      'run npm install',
    ),
    async () => {
      // Deno keeps running while any BroadcastChannel is open, and cannot unref one: a hang is killed and fails.
      const started = Date.now();
      const result = await runProgram(
        denoBin,
        [
          'run',
          '--no-prompt',
          '--no-config',
          '--no-remote',
          '--no-npm',
          '--location',
          'http://localhost/',
          exitCheck,
        ],
        {
          cwd: workDir,
          env: { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(workDir, 'deno-dir'), NO_COLOR: '1' },
          timeoutMs: 8_000,
        },
      );

      expect(parseReport(result.stdout, result.stderr)).toEqual({ done: true, profile: 'admin' });
      expect(result.code).toBe(0);
      expect(Date.now() - started).toBeLessThan(8_000);
      expectNoSecrets(result.stdout + result.stderr);
    },
  );

  describe('the BUILT test kit under Deno 2, resolved from node_modules as a downstream project would', () => {
    let project = '';

    beforeAll(async () => {
      if (noBuiltKit) return;
      // A project whose node_modules/magistrala-users is this package: Deno loads dist/ through its exports.
      project = join(workDir, 'downstream');
      await mkdir(join(project, 'node_modules'), { recursive: true });
      await symlink(root, join(project, 'node_modules/magistrala-users'), 'dir');
      await writeFile(join(project, 'package.json'), '{ "type": "module" }\n');
      await copyFile(join(root, 'test/runtimes/built-kit-exit.ts'), join(project, 'main.ts'));
    });

    const deno = (permissions: string[], args: string[]) =>
      runProgram(
        denoBin,
        [
          'run',
          '--no-prompt',
          '--no-config',
          '--no-remote',
          '--node-modules-dir=manual',
          ...permissions,
          'main.ts',
          ...args,
        ],
        {
          cwd: project,
          env: { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(workDir, 'deno-dir'), NO_COLOR: '1' },
          timeoutMs: 8_000,
        },
      );

    it.skipIf(noBuiltKit)(
      titled(
        'exits by itself after using the fake through fetch, with no permission granted',
        builtKit,
        'run npm run build',
      ),
      async () => {
        const started = Date.now();
        const result = await deno([], []);
        expect(parseReport(result.stdout, result.stderr)).toEqual({ done: true, viaFetch: 'admin' });
        expect(result.code).toBe(0);
        expect(Date.now() - started).toBeLessThan(8_000);
        expectNoSecrets(result.stdout + result.stderr);
      },
    );

    it.skipIf(noBuiltKit)(
      titled(
        'exits by itself after serving the fake with listen(), granted only loopback network',
        builtKit,
        'run npm run build',
      ),
      async () => {
        const started = Date.now();
        const result = await deno(['--allow-net=127.0.0.1'], ['listen']);
        expect(parseReport(result.stdout, result.stderr)).toEqual({
          done: true,
          viaFetch: 'admin',
          viaListen: 'admin',
        });
        expect(result.code).toBe(0);
        expect(Date.now() - started).toBeLessThan(8_000);
        expectNoSecrets(result.stdout + result.stderr);
      },
    );
  });

  it.skipIf(noBun)(titled('runs the whole scenario under Bun 1', bunBin, 'run npm install'), async () => {
    const result = await runProgram(bunBin, ['--no-install', bundle], {
      cwd: workDir,
      env: { DO_NOT_TRACK: '1', BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0', NO_COLOR: '1' },
    });

    expect(parseReport(result.stdout, result.stderr)).toEqual({
      ok: true,
      runtime: 'bun',
      version: expect.stringMatching(/^1\./),
      store: 'memory',
      steps: expectedSteps('memory'),
    });
    expect(result.code).toBe(0);
    expectNoSecrets(result.stdout + result.stderr);
  });

  it.skipIf(noChromium)(
    titled(
      'runs the whole scenario in a headless Chromium page, keeping the session in localStorage',
      chromiumBin,
      'apt-get install chromium, or set CHROMIUM_PATH',
    ),
    async () => {
      const run = await runInChromium(bundle, { executablePath: chromiumBin });

      expect(run.errors).toEqual([]);
      expect(run.offLoopback).toEqual([]);
      expect(parseReport(run.line ?? '', run.errors.join('\n'))).toEqual({
        ok: true,
        runtime: 'browser',
        version: expect.stringContaining('Chrome/'),
        store: 'localStorage',
        steps: expectedSteps('localStorage'),
      });
      expectNoSecrets(run.line ?? '');
    },
  );
});
