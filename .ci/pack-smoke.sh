#!/usr/bin/env bash
# Packs the package as npm would publish it and installs the tarball in scratch projects: one without msw (every
# entry point, real calls through `import` and `require`, the test kit over fetch and listen(), the bin), then one
# with msw 2 and one with msw 3 (plain `npm install`, no --legacy-peer-deps), where the msw handlers must serve a
# UsersClient that uses the global fetch, from ESM and from CJS.
set -euo pipefail
root=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

tarball=$(npm pack --silent --pack-destination "$scratch" | tail -n 1)

# A scratch project with the tarball and the extra packages given.
project() {
  local dir="$scratch/$1"
  shift
  mkdir -p "$dir"
  (cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "$scratch/$tarball" "$@")
}

project no-msw
cd "$scratch/no-msw"
if [ -e node_modules/msw ]; then echo 'msw was installed although nothing asked for it' >&2; exit 1; fi

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

cat > no-msw.mjs <<'JS'
// Without msw, only the msw subpath fails, and it says what is missing.
const error = await import('magistrala-users/testing/msw').then(() => undefined, (e) => e);
if (!error || !String(error.message).includes('msw')) throw new Error(`expected a missing-msw error, got ${error}`);
console.log('testing/msw without msw: fails clearly');
JS

# The published declarations, compiled by consumers with a plain ES2022 library and `skipLibCheck: false`: a Node
# project (nodenext, both module kinds, `@types/node`), a browser project (bundler resolution, the DOM library), and
# one with `esnext.disposable` that uses `using`.
mkdir -p types
cat > types/node-esm.mts <<'TS'
import { UsersClient, type User, type UsersPage, webStorageTokenStore } from 'magistrala-users';
import { fileTokenStore } from 'magistrala-users/node';
const users = new UsersClient({ baseUrl: 'http://localhost:9002', tokenStore: fileTokenStore('session.json') });
const me: User = await users.profile();
const page: UsersPage = await users.list({ limit: 5 });
console.log(me.credentials?.username, page.total, typeof webStorageTokenStore);
users.dispose();
TS
cat > types/node-cjs.cts <<'TS'
import { UsersClient, type TokenPair } from 'magistrala-users';
import { fileTokenStore } from 'magistrala-users/node';
const users = new UsersClient({ baseUrl: 'http://localhost:9002', tokenStore: fileTokenStore('session.json') });
export const login = (): Promise<TokenPair> => users.login({ username: 'admin', password: '12345678' });
TS
cat > types/browser.ts <<'TS'
import { UsersClient, webStorageTokenStore, type Health } from 'magistrala-users';
import { createFakeUsersService } from 'magistrala-users/testing';
const service = createFakeUsersService();
const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch, tokenStore: webStorageTokenStore() });
export const health: Promise<Health> = users.health();
TS
cat > types/using.ts <<'TS'
import { UsersClient } from 'magistrala-users';
export async function once(): Promise<string> {
  using users = new UsersClient({ baseUrl: 'http://localhost:9002' });
  return (await users.health()).status;
}
TS
typecheck() { # name, lib, module, resolution, types, files...
  local name=$1 lib=$2 module=$3 resolution=$4 types=$5; shift 5
  local files; files=$(printf '"%s",' "$@")
  cat > "types/$name.json" <<JSON
{ "compilerOptions": { "target": "es2022", "lib": $lib, "module": "$module", "moduleResolution": "$resolution",
  "types": $types, "typeRoots": ["$root/node_modules/@types"], "strict": true, "skipLibCheck": false,
  "noEmit": true }, "files": [${files%,}] }
JSON
  "$root/node_modules/.bin/tsc" -p "types/$name.json"
  echo "declarations ($name): ok"
}
typecheck nodenext '["es2022"]' nodenext nodenext '["node"]' node-esm.mts node-cjs.cts
typecheck bundler '["es2022", "dom"]' esnext bundler '[]' browser.ts
typecheck using '["es2022", "esnext.disposable", "dom"]' esnext bundler '[]' using.ts

# Source maps stay out of the tarball; the license and the changelog go in.
tar -tzf "$scratch/$tarball" > contents.txt
if grep -q '\.map$' contents.txt; then echo 'source maps in the tarball:'; grep '\.map$' contents.txt; exit 1; fi
grep -qx 'package/LICENSE' contents.txt && grep -qx 'package/CHANGELOG.md' contents.txt
echo 'tarball contents: ok'

node esm.mjs
node cjs.cjs
node testing.mjs
node testing.cjs
node no-msw.mjs
node -e "require('magistrala-users/node'); console.log('require node subpath: ok')"

# The Redis subpath with both clients, against a real redis-server on a free loopback port.
project with-redis redis@^6 ioredis@^6
cd "$scratch/with-redis"
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
const { LockTimeoutError, StorageUnavailableError } = require('magistrala-users');
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
  if (!(error instanceof LockTimeoutError) || !(error instanceof esm.LockTimeoutError)) throw error;
  if (!(error.cause instanceof StorageUnavailableError) || !(error.cause instanceof esm.StorageUnavailableError)) throw error;
  client.disconnect();
  console.log('require redis: ok');
})().catch((error) => { console.error(error); process.exit(1); });
JS
node redis.mjs
node redis.cjs
cd "$scratch/no-msw"

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

# The msw handlers, with each msw major the peer range allows.
cat > "$scratch/msw.mjs" <<'JS'
import { setupServer } from 'msw/node';
import { UsersClient } from 'magistrala-users';
import { createFakeUsersService } from 'magistrala-users/testing';
import { mswHandlers } from 'magistrala-users/testing/msw';
const service = createFakeUsersService({ baseUrl: 'http://users.test/api' });
const server = setupServer(...mswHandlers(service));
server.listen({ onUnhandledRequest: 'error' });
const users = new UsersClient({ baseUrl: 'http://users.test/api' });
await users.login({ username: 'admin', password: '12345678' });
const me = await users.profile();
if (me.role !== 'admin') throw new Error(`unexpected ${JSON.stringify(me)}`);
// A call whose reply the SDK discards: with msw 2 it used to hang.
await users.requestPasswordReset('admin@example.com');
if (service.outbox.length !== 1) throw new Error('no reset mail');
await users.logout();
server.close();
console.log('msw import: ok');
JS
cat > "$scratch/msw.cjs" <<'JS'
const { setupServer } = require('msw/node');
const { UsersClient } = require('magistrala-users');
const { createFakeUsersService } = require('magistrala-users/testing');
const { mswHandlers } = require('magistrala-users/testing/msw');
const service = createFakeUsersService({ baseUrl: 'http://users.test' });
const server = setupServer(...mswHandlers(service));
server.listen({ onUnhandledRequest: 'error' });
const users = new UsersClient({ baseUrl: 'http://users.test' });
users
  .login({ username: 'admin', password: '12345678' })
  .then(() => users.requestPasswordReset('admin@example.com'))
  .then(() => users.profile())
  .then((me) => {
    if (me.role !== 'admin') throw new Error('unexpected profile');
    server.close();
    console.log('msw require: ok');
  })
  .catch((error) => { console.error(error); process.exit(1); });
JS
for major in 2 3; do
  project "msw$major" "msw@$major"
  cd "$scratch/msw$major"
  echo "msw $(node -p 'require("msw/package.json").version')"
  cp ../msw.mjs ../msw.cjs .
  timeout 60 node msw.mjs
  timeout 60 node msw.cjs
done
