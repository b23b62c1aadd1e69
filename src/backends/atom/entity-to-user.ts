/**
 * ATOM entities as `User`s (`atom-contract.md` §6): the attribute layout the SDK reads and writes.
 *
 * @module
 */
import * as z from 'zod/mini';
import type { User, UserRole } from '../../entities.ts';
import type { CreateUserBody } from '../operations.ts';

/**
 * An ATOM entity as the SDK's documents select it.
 *
 * @example
 * ```ts
 * const entity = z.parse(entitySchema, reply.data.entity);
 * ```
 */
export const entitySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  attributes: z.unknown(),
  deletedAt: z.optional(z.nullable(z.string())),
  createdAt: z.string(),
  updatedAt: z.optional(z.nullable(z.string())),
});

/**
 * An ATOM entity.
 *
 * @example
 * ```ts
 * const entity: Entity = { id, name: 'jane', status: 'active', attributes: {}, createdAt };
 * ```
 */
export type Entity = z.infer<typeof entitySchema>;

/**
 * A JSON object of attributes.
 *
 * @example
 * ```ts
 * const attributes: Attributes = { first_name: 'Jane', tags: ['ops'] };
 * ```
 */
export type Attributes = Record<string, unknown>;

const statuses: Readonly<Record<string, string>> = { active: 'enabled', inactive: 'disabled' };
const texts = ['first_name', 'last_name', 'email', 'profile_picture'] as const;
const objects = ['metadata', 'private_metadata'] as const;

/**
 * The entity's attributes, or `{}` when they are not an object.
 *
 * @example
 * ```ts
 * const merged = { ...attributesOf(entity), first_name: 'Janice' };
 * ```
 */
export function attributesOf(entity: Entity): Attributes {
  const { attributes } = entity;
  return isObject(attributes) ? attributes : {};
}

/**
 * Maps an entity to a `User`.
 *
 * @remarks
 * - `id` → `id`; `name` (the login name) → `credentials.username`.
 * - Flat `attributes.first_name`, `last_name`, `email`, `profile_picture` (strings),
 *   `metadata`, `private_metadata` (objects), `tags` (a list) → the fields of the same name; other attributes are left out.
 * - `status` `active` → `enabled`, `inactive` → `disabled`, `suspended` passes through; a soft-deleted entity
 *   (`deletedAt` set) is `deleted`.
 * - `createdAt` → `created_at`, `updatedAt` → `updated_at` (ATOM's RFC 3339 strings, unchanged).
 * - `role` only when known (`updateRole`); an entity does not say whether it holds the admin role.
 *
 * @example
 * ```ts
 * toUser({ id, name: 'jane', status: 'active', attributes: { email: 'jane@example.com' }, createdAt });
 * ```
 */
export function toUser(entity: Entity, role?: UserRole): User {
  const attributes = attributesOf(entity);
  const user: Record<string, unknown> = {
    id: entity.id,
    credentials: { username: entity.name },
    status: entity.deletedAt ? 'deleted' : (statuses[entity.status] ?? entity.status),
  };
  if (entity.createdAt) user.created_at = entity.createdAt;
  if (entity.updatedAt) user.updated_at = entity.updatedAt;
  for (const key of texts) if (typeof attributes[key] === 'string') user[key] = attributes[key];
  for (const key of objects) if (isObject(attributes[key])) user[key] = attributes[key];
  if (Array.isArray(attributes.tags)) user.tags = attributes.tags;
  if (role) user.role = role;
  return user as unknown as User;
}

/**
 * The attributes a new user is created with: flat keys, as ATOM's UI and login read them (the email as given).
 *
 * @example
 * ```ts
 * newAttributes(input); // { first_name, last_name, email, tags?, metadata?, … }
 * ```
 */
export function newAttributes(input: CreateUserBody): Attributes {
  return defined({ ...input, credentials: undefined, role: undefined, status: undefined });
}

/**
 * `values` without its `undefined` entries.
 *
 * @example
 * ```ts
 * defined({ a: 1, b: undefined }); // { a: 1 }
 * ```
 */
export function defined(values: Attributes): Attributes {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

function isObject(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
