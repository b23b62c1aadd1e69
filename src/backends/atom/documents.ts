/**
 * The fixed GraphQL documents the ATOM backend sends (`atom-contract.md` §1.4). Plain strings: no GraphQL library
 * reaches the bundle. Each selects one root field, whose value the call resolves with.
 *
 * @module
 */

const entity = ' { id name status attributes deletedAt createdAt updatedAt }';
const byId = (operation: string, field: string, selection = '') =>
  `${operation}($id: ID!) { ${field}(id: $id)${selection} }`;

/** `entity(id)`: one user. */
export const entityDocument = byId('query', 'entity', entity);

/** `entities(kind: human, …)`: one page of users (live, or deleted with `deleted`). */
export const entitiesDocument =
  'query($q: String, $status: EntityStatus, $deleted: DeletedFilter, $limit: Int, $offset: Int) ' +
  `{ entities(kind: human, q: $q, status: $status, deleted: $deleted, limit: $limit, offset: $offset) { total items${entity} } }`;

/** `createEntity`: an admin creates a user. */
export const createEntityDocument = `mutation($input: CreateEntityInput!) { createEntity(input: $input)${entity} }`;

/** `updateEntity`: `attributes` replaces the stored object whole. */
export const updateEntityDocument = `mutation($id: ID!, $input: UpdateEntityInput!) { updateEntity(id: $id, input: $input)${entity} }`;

/** `enableEntity`. */
export const enableEntityDocument = byId('mutation', 'enableEntity', entity);

/** `disableEntity`. */
export const disableEntityDocument = byId('mutation', 'disableEntity', entity);

/** `deleteEntity`: a soft delete. */
export const deleteEntityDocument = byId('mutation', 'deleteEntity');

/** `createPassword`: adds an active password credential. */
export const createPasswordDocument =
  'mutation($id: ID!, $password: String!) { createPassword(entityId: $id, password: $password) }';

/** `credentials`: every credential of a user. */
export const credentialsDocument =
  'query($id: ID!) { credentials(entityId: $id) { items { id kind status } } }';

/** `revokeCredential`. */
export const revokeCredentialDocument =
  'mutation($id: ID!, $credential: ID!) { revokeCredential(entityId: $id, credentialId: $credential) }';

// The seeded `atom-admin` role: a platform admin holds an assignment of it.
const admin = 'subjectKind: entity, subjectId: $id, roleId: "00000000-0000-0000-0000-000000000002"';

/** `roleAssignments` of the admin role to one user. */
export const roleAssignmentsDocument = `query($id: ID!) { roleAssignments(${admin}, limit: 100) { items { id } } }`;

/** `createRoleAssignment` of the admin role. */
export const createRoleAssignmentDocument = `mutation($id: ID!) { createRoleAssignment(input: { ${admin} }) { id } }`;

/** `deleteRoleAssignment`. */
export const deleteRoleAssignmentDocument = byId('mutation', 'deleteRoleAssignment');

/** `refreshSession`: a new JWT for the same session, authorised by the current one. */
export const refreshSessionDocument = 'mutation { refreshSession { token } }';
