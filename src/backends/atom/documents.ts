/**
 * The fixed GraphQL documents the ATOM backend sends (`atom-contract.md` §1.4). Plain strings: no GraphQL library
 * reaches the bundle. Each selects one root field, whose value the call resolves with.
 *
 * @module
 */

const entity = ' { id name status attributes deletedAt createdAt updatedAt }';
const byId = (operation: string, field: string, selection = '') =>
  `${operation}($id: ID!) { ${field}(id: $id)${selection} }`;

/**
 * `entity(id)`: one user.
 *
 * @example
 * ```ts
 * await graphql(http, entityDocument, variables, schema);
 * ```
 */
export const entityDocument = byId('query', 'entity', entity);

/**
 * `entities(kind: human, …)`: one page of users (live, or deleted with `deleted`).
 *
 * @example
 * ```ts
 * await graphql(http, entitiesDocument, variables, schema);
 * ```
 */
export const entitiesDocument =
  'query($q: String, $status: EntityStatus, $deleted: DeletedFilter, $limit: Int, $offset: Int) ' +
  `{ entities(kind: human, q: $q, status: $status, deleted: $deleted, limit: $limit, offset: $offset) { total items${entity} } }`;

/**
 * `createEntity`: an admin creates a user.
 *
 * @example
 * ```ts
 * await graphql(http, createEntityDocument, variables, schema);
 * ```
 */
export const createEntityDocument = `mutation($input: CreateEntityInput!) { createEntity(input: $input)${entity} }`;

/**
 * `updateEntity`: `attributes` replaces the stored object whole.
 *
 * @example
 * ```ts
 * await graphql(http, updateEntityDocument, variables, schema);
 * ```
 */
export const updateEntityDocument = `mutation($id: ID!, $input: UpdateEntityInput!) { updateEntity(id: $id, input: $input)${entity} }`;

/**
 * `enableEntity`.
 *
 * @example
 * ```ts
 * await graphql(http, enableEntityDocument, variables, schema);
 * ```
 */
export const enableEntityDocument = byId('mutation', 'enableEntity', entity);

/**
 * `disableEntity`.
 *
 * @example
 * ```ts
 * await graphql(http, disableEntityDocument, variables, schema);
 * ```
 */
export const disableEntityDocument = byId('mutation', 'disableEntity', entity);

/**
 * `deleteEntity`: a soft delete.
 *
 * @example
 * ```ts
 * await graphql(http, deleteEntityDocument, variables, schema);
 * ```
 */
export const deleteEntityDocument = byId('mutation', 'deleteEntity');

/**
 * `createPassword`: adds an active password credential.
 *
 * @example
 * ```ts
 * await graphql(http, createPasswordDocument, variables, schema);
 * ```
 */
export const createPasswordDocument =
  'mutation($id: ID!, $password: String!) { createPassword(entityId: $id, password: $password) }';

/**
 * `credentials`: every credential of a user.
 *
 * @example
 * ```ts
 * await graphql(http, credentialsDocument, variables, schema);
 * ```
 */
export const credentialsDocument =
  'query($id: ID!) { credentials(entityId: $id) { items { id kind status } } }';

/**
 * `revokeCredential`.
 *
 * @example
 * ```ts
 * await graphql(http, revokeCredentialDocument, variables, schema);
 * ```
 */
export const revokeCredentialDocument =
  'mutation($id: ID!, $credential: ID!) { revokeCredential(entityId: $id, credentialId: $credential) }';

// The seeded `atom-admin` role: a platform admin holds an assignment of it.
const admin = 'subjectKind: entity, subjectId: $id, roleId: "00000000-0000-0000-0000-000000000002"';

/**
 * `roleAssignments` of the admin role to one user.
 *
 * @example
 * ```ts
 * await graphql(http, roleAssignmentsDocument, variables, schema);
 * ```
 */
export const roleAssignmentsDocument = `query($id: ID!) { roleAssignments(${admin}) { items { id } } }`;

/**
 * `createRoleAssignment` of the admin role.
 *
 * @example
 * ```ts
 * await graphql(http, createRoleAssignmentDocument, variables, schema);
 * ```
 */
export const createRoleAssignmentDocument = `mutation($id: ID!) { createRoleAssignment(input: { ${admin} }) { id } }`;

/**
 * `deleteRoleAssignment`.
 *
 * @example
 * ```ts
 * await graphql(http, deleteRoleAssignmentDocument, variables, schema);
 * ```
 */
export const deleteRoleAssignmentDocument = byId('mutation', 'deleteRoleAssignment');

/**
 * `refreshSession`: a new JWT for the same session, authorised by the current one.
 *
 * @example
 * ```ts
 * await graphql(http, refreshSessionDocument, variables, schema);
 * ```
 */
export const refreshSessionDocument = 'mutation { refreshSession { token } }';
