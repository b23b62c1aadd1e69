/**
 * The fake ATOM's `POST /graphql`: the part of ATOM's schema the SDK uses, executed by the `graphql` reference
 * implementation (an optional peer of `magistrala-users/testing`, loaded on the first GraphQL request).
 *
 * @module
 */
import type { GraphQLSchema } from 'graphql';
import { isJsonObject, type JsonObject } from '../json-value.ts';
import {
  type AtomEntity,
  AtomError,
  type AtomState,
  adminRoleId,
  type Caller,
  graphqlTime,
} from './atom-state.ts';

const schemaText = `
scalar JSON
enum EntityKind { human device service workload application }
enum EntityStatus { active inactive suspended }
enum DeletedFilter { live deleted all }
enum SubjectKind { entity group }
enum CredentialKind { password access_token certificate shared_key }
type Entity { id: ID! kind: EntityKind! profileId: ID profileVersionId: ID name: String! alias: String tenantId: ID
  parentGroupId: ID status: EntityStatus! attributes: JSON! deletedAt: String deletedBy: ID createdAt: String! updatedAt: String }
type EntityList { items: [Entity!]! total: Int! }
type LoginResponse { token: String! entityId: ID! sessionId: ID! expiresAt: String! emailVerified: Boolean verificationRequired: Boolean! }
type Credential { id: ID! entityId: ID kind: CredentialKind! identifier: String status: String! expiresAt: String createdAt: String! }
type CredentialList { items: [Credential!]! total: Int! }
type Role { id: ID! name: String! }
type RoleAssignment { id: ID! tenantId: ID subjectKind: SubjectKind! subjectId: ID! roleId: ID! role: Role! createdAt: String! }
type RoleAssignmentList { items: [RoleAssignment!]! total: Int! }
input LoginInput { identifier: String! secret: String! tenantId: ID tenantAlias: String kind: String = "password" }
input CreateEntityInput { id: ID profileId: ID profileVersionId: ID kind: EntityKind name: String! alias: String tenantId: ID attributes: JSON }
input UpdateEntityInput { name: String kind: EntityKind alias: String tenantId: ID profileId: ID profileVersionId: ID status: EntityStatus attributes: JSON }
input CreateRoleAssignmentInput { tenantId: ID subjectKind: SubjectKind! subjectId: ID! roleId: ID! }
type QueryRoot {
  health: String!
  entity(id: ID!): Entity!
  entities(q: String, kind: EntityKind, profileId: ID, tenantId: ID, parentGroupId: ID, includeDescendants: Boolean,
    status: EntityStatus, deleted: DeletedFilter, limit: Int, offset: Int): EntityList!
  credentials(entityId: ID!): CredentialList!
  roleAssignments(tenantId: ID, subjectKind: SubjectKind, subjectId: ID, roleId: ID, limit: Int, offset: Int): RoleAssignmentList!
}
type MutationRoot {
  login(input: LoginInput!): LoginResponse!
  refreshSession: LoginResponse!
  logout: Boolean!
  createEntity(input: CreateEntityInput!): Entity!
  updateEntity(id: ID!, input: UpdateEntityInput!): Entity!
  enableEntity(id: ID!): Entity!
  disableEntity(id: ID!): Entity!
  deleteEntity(id: ID!): Boolean!
  createPassword(entityId: ID!, password: String!): Boolean!
  revokeCredential(entityId: ID!, credentialId: ID!): Boolean!
  createRoleAssignment(input: CreateRoleAssignmentInput!): RoleAssignment!
  deleteRoleAssignment(id: ID!): Boolean!
}
schema { query: QueryRoot mutation: MutationRoot }
`;

type Args = Record<string, unknown>;
type Resolver = (args: Args, context: Context) => unknown;

interface Context {
  readonly state: AtomState;
  readonly caller: Caller | undefined;
}

function authed(context: Context): Caller {
  if (!context.caller) throw new AtomError(401, 'missing authentication');
  return context.caller;
}

function requireAdmin(context: Context): Caller {
  const caller = authed(context);
  if (!context.state.isAdmin(caller.entity)) throw new AtomError(403, 'forbidden');
  return caller;
}

function selfOrAdmin(context: Context, target: AtomEntity): void {
  const caller = authed(context);
  if (caller.entity.id !== target.id && !context.state.isAdmin(caller.entity))
    throw new AtomError(403, 'forbidden');
}

function view(entity: AtomEntity) {
  return {
    id: entity.id,
    kind: 'human',
    profileId: null,
    profileVersionId: null,
    name: entity.name,
    alias: null,
    tenantId: null,
    parentGroupId: null,
    status: entity.status,
    attributes: entity.attributes,
    deletedAt: graphqlTime(entity.deletedAt),
    deletedBy: entity.deletedBy,
    createdAt: graphqlTime(entity.createdAt),
    updatedAt: graphqlTime(entity.updatedAt),
  };
}

const clamp = (value: unknown, low: number, high: number, fallback: number) =>
  typeof value === 'number' ? Math.min(high, Math.max(low, value)) : fallback;

const query: Record<string, Resolver> = {
  health: () => 'ok',
  entity: ({ id }, context) => {
    const entity = context.state.live(String(id));
    selfOrAdmin(context, entity);
    return view(entity);
  },
  entities: (args, context) => {
    const { state } = context;
    const caller = authed(context);
    const admin = state.isAdmin(caller.entity);
    const deleted = args.deleted === 'deleted' || args.deleted === 'all' ? String(args.deleted) : 'live';
    if (deleted !== 'live' && !admin) throw new AtomError(403, 'forbidden');
    const limit = clamp(args.limit, 1, deleted === 'live' ? 500 : 100, 20);
    const offset = clamp(args.offset, 0, Number.MAX_SAFE_INTEGER, 0);
    const q = typeof args.q === 'string' ? args.q.trim().toLowerCase() : '';
    // A live listing is filtered to what the caller may read: a non-admin reads no other human.
    const matches = [...state.entities.values()]
      .filter((e) =>
        deleted === 'live' ? e.deletedAt === null : deleted === 'deleted' ? e.deletedAt !== null : true,
      )
      .filter(() => admin)
      .filter((e) => args.status == null || e.status === args.status)
      .filter((e) => q === '' || `${e.name}\n${JSON.stringify(e.attributes)}`.toLowerCase().includes(q))
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
    const items = matches.slice(offset, offset + limit);
    // ATOM's live listing counts with COUNT(*) OVER () on the page's query: 0 when the page is empty.
    const total = deleted === 'live' && items.length === 0 ? 0 : matches.length;
    return { total, items: items.map(view) };
  },
  credentials: ({ entityId }, context) => {
    const entity = context.state.live(String(entityId), 'entityId');
    selfOrAdmin(context, entity);
    const items = context.state.credentials
      .filter((c) => c.entityId === entity.id)
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
      .map((c) => ({
        id: c.id,
        entityId: null,
        kind: 'password',
        identifier: c.identifier,
        status: c.status,
        expiresAt: null,
        createdAt: graphqlTime(c.createdAt),
      }));
    return { total: items.length, items };
  },
  roleAssignments: (args, context) => {
    requireAdmin(context);
    const items = context.state.admins
      .filter(
        (a) =>
          (args.subjectId == null || a.subjectId === args.subjectId) &&
          (args.roleId == null || args.roleId === adminRoleId),
      )
      .map((a) => assignmentView(a, context.state));
    return { total: items.length, items: items.slice(0, clamp(args.limit, 1, 100, 20)) };
  },
};

function assignmentView(assignment: { id: string; subjectId: string }, state: AtomState) {
  return {
    ...assignment,
    tenantId: null,
    subjectKind: 'entity',
    roleId: adminRoleId,
    role: { id: adminRoleId, name: 'atom-admin' },
    createdAt: graphqlTime(state.now),
  };
}

async function loginResponse(
  done: { token: string; sessionId: string; expiresAt: number },
  entityId: string,
) {
  return {
    token: done.token,
    entityId,
    sessionId: done.sessionId,
    expiresAt: graphqlTime(done.expiresAt),
    emailVerified: null,
    verificationRequired: false,
  };
}

const mutation: Record<string, Resolver> = {
  login: async ({ input }, { state }) => {
    const { identifier, secret } = input as { identifier: string; secret: string };
    const done = await state.login(identifier, secret);
    return loginResponse(done, done.entity.id);
  },
  refreshSession: async (_args, context) => {
    const caller = authed(context);
    return loginResponse(await context.state.refresh(caller), caller.entity.id);
  },
  logout: (_args, context) => {
    const caller = authed(context);
    const session = context.state.sessions.get(caller.sid);
    if (session) session.revoked = true;
    return true;
  },
  createEntity: ({ input }, context) => {
    const caller = requireAdmin(context);
    const { name, attributes, kind } = input as { name: string; attributes?: unknown; kind?: string };
    if (kind === undefined) throw new AtomError(400, 'kind is required without profile_id');
    void caller;
    return view(context.state.addEntity(name, isJsonObject(attributes) ? attributes : {}));
  },
  updateEntity: ({ id, input }, context) => {
    const { state } = context;
    const entity = state.live(String(id));
    selfOrAdmin(context, entity);
    const changes = input as {
      name?: string | null;
      status?: AtomEntity['status'] | null;
      attributes?: unknown;
    };
    if (typeof changes.name === 'string' && changes.name !== entity.name) {
      if (state.liveByName(changes.name)) throw new AtomError(409, 'already exists');
      entity.name = changes.name;
    }
    if (changes.status) entity.status = changes.status;
    if (changes.attributes !== undefined) {
      entity.attributes = isJsonObject(changes.attributes) ? (changes.attributes as JsonObject) : {};
    }
    entity.updatedAt = state.now;
    return view(entity);
  },
  enableEntity: ({ id }, context) => setStatus(context, String(id), 'active'),
  disableEntity: ({ id }, context) => setStatus(context, String(id), 'inactive'),
  deleteEntity: ({ id }, context) => {
    const { state } = context;
    const entity = state.live(String(id));
    selfOrAdmin(context, entity);
    entity.deletedAt = state.now;
    entity.deletedBy = authed(context).entity.id;
    entity.status = 'inactive';
    for (const credential of state.credentials)
      if (credential.entityId === entity.id) credential.status = 'revoked';
    state.revokeSessions(entity.id);
    return true;
  },
  createPassword: ({ entityId, password }, context) => {
    const { state } = context;
    const entity = state.live(String(entityId), 'entityId');
    selfOrAdmin(context, entity);
    if (entity.status !== 'active') throw new AtomError(404, `active entity ${entity.id} not found`);
    state.checkPassword(String(password));
    state.addPassword(entity.id, String(password), null);
    return true;
  },
  revokeCredential: ({ entityId, credentialId }, context) => {
    const { state } = context;
    const entity = state.live(String(entityId), 'entityId');
    selfOrAdmin(context, entity);
    const credential = state.credentials.find((c) => c.id === credentialId && c.entityId === entity.id);
    if (!credential) throw new AtomError(404, 'credential not found');
    credential.status = 'revoked';
    return true;
  },
  createRoleAssignment: ({ input }, context) => {
    requireAdmin(context);
    const { subjectId, roleId } = input as { subjectId: string; roleId: string };
    const entity = context.state.live(subjectId, 'subjectId');
    if (roleId !== adminRoleId) throw new AtomError(404, `role ${roleId} not found`);
    // ATOM checks no duplicate: a second assignment is a second row.
    const assignment = { id: crypto.randomUUID(), subjectId: entity.id };
    context.state.admins.push(assignment);
    return assignmentView(assignment, context.state);
  },
  deleteRoleAssignment: ({ id }, context) => {
    requireAdmin(context);
    const index = context.state.admins.findIndex((a) => a.id === id);
    if (index === -1) throw new AtomError(404, `role assignment ${String(id)} not found`);
    context.state.admins.splice(index, 1);
    return true;
  },
};

function setStatus(context: Context, id: string, status: AtomEntity['status']) {
  const entity = context.state.live(id);
  requireAdmin(context);
  entity.status = status;
  entity.updatedAt = context.state.now;
  return view(entity);
}

let schema: Promise<{ graphql: typeof import('graphql'); schema: GraphQLSchema }> | undefined;

function loadSchema() {
  schema ??= import('graphql').then((graphql) => ({ graphql, schema: graphql.buildSchema(schemaText) }));
  return schema;
}

/**
 * Serves one `POST /graphql` body: authentication before execution, errors as HTTP 200 `errors[]`.
 *
 * @example
 * ```ts
 * const reply = await serveGraphql(state, '{"query":"{ health }"}', undefined);
 * ```
 */
export async function serveGraphql(
  state: AtomState,
  body: string,
  bearer: string | undefined,
): Promise<Response> {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return new Response('InvalidRequest(Error("invalid JSON"))', { status: 400 });
  }
  if (Array.isArray(request)) return new Response('UnsupportedBatch', { status: 400 });
  const { query: source, variables } = (request ?? {}) as { query?: unknown; variables?: unknown };
  let caller: Caller | undefined;
  if (bearer !== undefined) {
    try {
      caller = await state.authenticate(bearer);
    } catch (error) {
      return reply({
        data: null,
        errors: [{ message: error instanceof Error ? error.message : 'internal error' }],
      });
    }
  }
  if (typeof source !== 'string') return reply({ data: null, errors: [{ message: 'missing query' }] });
  if (/\b__(schema|type)\b/.test(source)) {
    return reply({ data: null, errors: [{ message: 'Unknown field "__schema" on type "QueryRoot".' }] });
  }
  const { graphql, schema: built } = await loadSchema();
  const context: Context = { state, caller };
  const wrap = (resolvers: Record<string, Resolver>) =>
    Object.fromEntries(
      Object.entries(resolvers).map(([name, resolve]) => [name, (args: Args) => resolve(args, context)]),
    );
  const isMutation = /^\s*mutation\b/.test(source);
  const result = await graphql.graphql({
    schema: built,
    source,
    rootValue: isMutation ? wrap(mutation) : wrap(query),
    variableValues: isJsonObject(variables) ? variables : undefined,
  });
  const errors = result.errors?.map((error) => ({
    message: error.message,
    ...(error.locations && { locations: error.locations }),
    ...(error.path && { path: error.path }),
  }));
  return reply({ data: (result.data ?? null) as JsonObject | null, ...(errors && { errors }) });
}

function reply(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}
