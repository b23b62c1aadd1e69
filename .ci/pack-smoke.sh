#!/usr/bin/env bash
# Packs the package as npm would publish it, installs the tarball in a scratch project, and makes a real call
# through both `import` and `require` against a tiny loopback server.
set -euo pipefail
root=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

tarball=$(npm pack --silent --pack-destination "$scratch" | tail -n 1)
cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "./$tarball" msw@^3 redis@^6 ioredis@^6

cat > server.mjs <<'JS'
import { createServer } from 'node:http';
export function start() {
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'application/health+json');
    response.end(JSON.stringify({ status: 'pass', description: 'users service', path: request.url }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
JS

cat > esm.mjs <<'JS'
import { UsersClient, NotFoundError } from 'magistrala-users';
import { memoryTokenStore } from 'magistrala-users';
import { start } from './server.mjs';
const server = await start();
const users = new UsersClient({ baseUrl: `http://127.0.0.1:${server.address().port}/prefix` });
const health = await users.health();
if (health.status !== 'pass' || health.path !== '/prefix/health') throw new Error(`unexpected ${JSON.stringify(health)}`);
if (typeof NotFoundError !== 'function' || typeof memoryTokenStore !== 'function') throw new Error('missing exports');
server.close();
console.log('import: ok');
JS

cat > cjs.cjs <<'JS'
const { UsersClient, InputValidationError } = require('magistrala-users');
(async () => {
  const { start } = await import('./server.mjs');
  const server = await start();
  const users = new UsersClient({ baseUrl: `http://127.0.0.1:${server.address().port}` });
  const health = await users.health();
  if (health.status !== 'pass') throw new Error(`unexpected ${JSON.stringify(health)}`);
  await users.get('').then(() => { throw new Error('no validation'); }, (e) => {
    if (!(e instanceof InputValidationError)) throw e;
  });
  // Errors made by one build are recognised by the classes of the other (the dual-package hazard).
  const esm = await import('magistrala-users');
  const error = new InputValidationError([{ path: 'id', message: 'must not be empty' }]);
  if (!(error instanceof esm.InputValidationError) || !(error instanceof esm.MagistralaError)) {
    throw new Error('a CJS error is not instanceof the ESM class');
  }
  server.close();
  console.log('require: ok');
})().catch((error) => { console.error(error); process.exit(1); });
JS

cat > testing.mjs <<'JS'
import { UsersClient } from 'magistrala-users';
import { createFakeUsersService } from 'magistrala-users/testing';
const service = createFakeUsersService();
const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
await users.login({ username: 'admin', password: '12345678' });
const me = await users.profile();
if (me.role !== 'admin') throw new Error(`unexpected ${JSON.stringify(me)}`);
const { url, close } = await service.listen();
const overHttp = new UsersClient({ baseUrl: url });
await overHttp.login({ username: 'admin', password: '12345678' });
await overHttp.profile();
await close();
console.log('import testing: ok');
JS

cat > testing.cjs <<'JS'
const { UsersClient } = require('magistrala-users');
const { createFakeUsersService } = require('magistrala-users/testing');
const service = createFakeUsersService();
const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
users.login({ username: 'admin', password: '12345678' }).then(() => users.profile()).then((me) => {
  if (me.role !== 'admin') throw new Error('unexpected profile');
  console.log('require testing: ok');
}).catch((error) => { console.error(error); process.exit(1); });
JS

node esm.mjs
node cjs.cjs
node testing.mjs
node testing.cjs
node -e "require('magistrala-users/node'); console.log('require node subpath: ok')"

# The Redis subpath with both clients, against a real redis-server on a free loopback port.
cat > redis-server.mjs <<'JS'
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
export async function startRedis() {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}
JS

cat > redis.mjs <<'JS'
import { UsersClient, StorageUnavailableError } from 'magistrala-users';
import { redisTokenStore, RedisUnavailableError } from 'magistrala-users/redis';
import { createFakeUsersService } from 'magistrala-users/testing';
import { createClient } from 'redis';
import { Redis } from 'ioredis';
import { startRedis } from './redis-server.mjs';
const redisServer = await startRedis();
const { url, close } = await createFakeUsersService().listen();
const nodeRedis = await createClient({ url: redisServer.url }).connect();
const ioredis = new Redis(redisServer.url);
const key = 'smoke:session';
const a = new UsersClient({ baseUrl: url, tokenStore: redisTokenStore({ client: nodeRedis, key }) });
const b = new UsersClient({ baseUrl: url, tokenStore: redisTokenStore({ client: ioredis, key }) });
await a.login({ username: 'admin', password: '12345678' });
if ((await b.profile()).role !== 'admin') throw new Error('the ioredis instance did not share the session');
await b.refresh();
await a.profile();
if (!(new RedisUnavailableError('x') instanceof StorageUnavailableError)) throw new Error('error hierarchy broken');
a.dispose();
b.dispose();
nodeRedis.destroy();
ioredis.disconnect();
await close();
redisServer.stop();
console.log('import redis: ok');
JS

cat > redis.cjs <<'JS'
const { redisTokenStore } = require('magistrala-users/redis');
const { StorageUnavailableError } = require('magistrala-users');
const { Redis } = require('ioredis');
(async () => {
  const { startRedis } = await import('./redis-server.mjs');
  const redisServer = await startRedis();
  const client = new Redis(redisServer.url);
  client.on('error', () => undefined); // it is about to lose its server on purpose
  const store = redisTokenStore({ client, key: 'smoke:cjs' });
  await store.lock(async () => store.set({ access_token: 'a', refresh_token: 'r' }));
  if ((await store.get()).refresh_token !== 'r') throw new Error('unexpected session');
  redisServer.stop();
  const error = await store.lock(async () => undefined).catch((e) => e);
  // The CJS build's error is recognised by the ESM classes, and by the CJS main entry's.
  const esm = await import('magistrala-users');
  if (!(error instanceof StorageUnavailableError) || !(error instanceof esm.StorageUnavailableError)) throw error;
  client.disconnect();
  console.log('require redis: ok');
})().catch((error) => { console.error(error); process.exit(1); });
JS
node redis.mjs
node redis.cjs

# The installed bin, against a loopback fake service.
cat > cli.mjs <<'JS'
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createFakeUsersService } from 'magistrala-users/testing';
const { url, close } = await createFakeUsersService().listen();
const bin = new URL('./node_modules/.bin/magistrala-users', import.meta.url).pathname;
// Asynchronous on purpose: the fake service answers from this very process.
const run = async (args, env) => (await promisify(execFile)(bin, args, { env, encoding: 'utf8' })).stdout;
const env = { ...process.env, MAGISTRALA_USERS_URL: url, MAGISTRALA_USERS_SESSION: new URL('./session.json', import.meta.url).pathname };
const health = JSON.parse(await run(['health'], env));
if (health.status !== 'pass') throw new Error('unexpected health');
await run(['users', 'token', 'admin', '12345678'], env);
const me = JSON.parse(await run(['users', 'profile'], env));
if (me.role !== 'admin') throw new Error('unexpected profile');
await close();
console.log('bin: ok');
JS
node cli.mjs
