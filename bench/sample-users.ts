/**
 * Realistic users for the benchmarks, created straight through the fake service's HTTP API.
 *
 * @module
 */
import type { FakeUsersService } from '../src/testing/index.ts';

const departments = ['engineering', 'operations', 'field-service', 'sales', 'support'] as const;
const cities = [
  ['Belgrade', 'RS'],
  ['Paris', 'FR'],
  ['Austin', 'US'],
  ['Nairobi', 'KE'],
  ['Osaka', 'JP'],
] as const;
const tagPool = [
  'iot',
  'gateway',
  'eu-west',
  'us-east',
  'beta',
  'ops',
  'billing',
  'lora',
  'mqtt',
  'admin-ui',
];

/**
 * The `POST /users` body of the `index`-th sample user: names, email, credentials, tags and nested metadata, as a
 * real IoT tenant's users carry them.
 *
 * @example
 * ```ts
 * await service.fetch('/users', { method: 'POST', body: JSON.stringify(sampleUserBody(7)) });
 * ```
 */
export function sampleUserBody(index: number): Record<string, unknown> {
  const [city, country] = cities[index % cities.length] ?? cities[0];
  const name = `user${String(index).padStart(5, '0')}`;
  return {
    first_name: `First${index}`,
    last_name: `Last-name ${index % 97}`,
    email: `${name}@tenant${index % 13}.example.com`,
    credentials: { username: name, secret: 'correct horse battery' },
    tags: [0, 3, 7].map((step) => tagPool[(index + step) % tagPool.length] ?? 'iot'),
    metadata: {
      department: departments[index % departments.length],
      employee_number: 10_000 + index,
      location: { city, country, floor: index % 12 },
      devices: { gateways: index % 4, sensors: (index * 7) % 120 },
      preferences: { theme: index % 2 === 0 ? 'dark' : 'light', notifications: index % 3 !== 0 },
    },
    private_metadata: { onboarding_ticket: `OPS-${index}` },
  };
}

/**
 * Creates `count` sample users (numbered from `first`) by `POST /users` through `service.fetch`, `parallel` at a
 * time.
 *
 * @remarks
 * The fake allows self-registration by default, so no session is needed; the SDK is left out so that seeding does
 * not warm or load the code under measurement.
 *
 * @throws {Error} when the service refuses a user.
 *
 * @example
 * ```ts
 * await seedUsers(service, 10_000);
 * ```
 */
export async function seedUsers(
  service: FakeUsersService,
  count: number,
  first = 0,
  parallel = 50,
): Promise<void> {
  for (let start = first; start < first + count; start += parallel) {
    const end = Math.min(start + parallel, first + count);
    const indices = Array.from({ length: end - start }, (_, offset) => start + offset);
    await Promise.all(indices.map((index) => createSampleUser(service, index)));
  }
}

async function createSampleUser(service: FakeUsersService, index: number): Promise<void> {
  const response = await service.fetch('/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleUserBody(index)),
  });
  if (response.status !== 201) throw new Error(`seeding user ${index} failed with status ${response.status}`);
}
