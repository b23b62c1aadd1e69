/**
 * `GET /health`.
 *
 * @module
 */
import type { RouteHandler } from './route-context.ts';

/**
 * `GET /health`: 200 with `application/health+json`, in the server's shape (build values are placeholders).
 *
 * @example
 * ```ts
 * routes.push({ method: 'GET', pattern: '/health', handler: health });
 * ```
 */
export const health: RouteHandler = async (context) => {
  const body = {
    status: 'pass',
    version: '0.0.0',
    commit: 'ffffffff',
    description: 'users service',
    build_time: '1970-01-01_00:00:00',
    instance_id: context.state.settings.instanceId,
  };
  return new Response(`${JSON.stringify(body)}\n`, {
    status: 200,
    headers: { 'Content-Type': 'application/health+json' },
  });
};
