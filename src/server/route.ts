import { z } from 'zod';
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { pathParamNames, successStatus, type EndpointSpec, type ServerBody, type ServerParams, type ServerQuery, type ServerResult } from '../shared/api/endpoint.js';
import type { App } from './http.js';

/**
 * Registers a route from its declaration in the API contract (`src/shared/api/`): method, path
 * and schemas come from the declaration, so the server and the web client cannot disagree on
 * them. The handler returns the response body (or, for a `'file'` endpoint, sends it on `reply`);
 * the declared success status is set for it.
 *
 * `options` holds what only the server knows: who may call it (`config`), rate limits, body limits.
 */

/** The request a contract handler receives: params, query and body already validated and typed. */
export type ContractRequest<E extends EndpointSpec> = FastifyRequest<{ Params: ServerParams<E>; Querystring: ServerQuery<E>; Body: ServerBody<E> }>;

type Result<E extends EndpointSpec> = E['response'] extends 'file' ? FastifyReply : ServerResult<E>;
export type ContractHandler<E extends EndpointSpec> = (req: ContractRequest<E>, reply: FastifyReply) => Promise<Result<E>> | Result<E>;

export type ContractRouteOptions = Pick<RouteShorthandOptions, 'config' | 'bodyLimit' | 'preHandler' | 'onRequest' | 'preValidation' | 'onSend' | 'logLevel' | 'exposeHeadRoute'> & {
  /** Further statuses the route answers with a body other than errors (e.g. 503 from a readiness check). */
  alsoResponds?: Readonly<Record<number, unknown>>;
  /** Left out of the OpenAPI document. */
  hide?: boolean;
  /** Request headers the route validates (e.g. a protocol header such as `Upload-Offset`). */
  headers?: z.ZodType;
};

/** Marks every route registered through the contract (the composition test checks all routes are). */
export const CONTRACT_ROUTE = Symbol.for('mamori.contractRoute');

export function route<E extends EndpointSpec>(app: App, e: E, handler: ContractHandler<E>, options: ContractRouteOptions = {}): void {
  const names = pathParamNames(e.path);
  const declared = e.params && 'shape' in e.params ? Object.keys((e.params as unknown as { shape: Record<string, unknown> }).shape) : [];
  if (names.length !== declared.length || names.some((n) => !declared.includes(n))) {
    throw new Error(`${e.method} ${e.path}: the params schema declares [${declared.join(', ')}] but the path has [${names.join(', ')}]`);
  }
  const status = successStatus(e);
  const { alsoResponds, hide, config, headers, ...rest } = options;
  const response: Record<number, unknown> = { ...(alsoResponds ?? {}) };
  if (e.response !== 'file') response[status] = e.response ?? z.null();
  app.route({
    ...rest,
    method: e.method,
    url: e.path,
    config: { ...(config ?? {}), [CONTRACT_ROUTE]: true } as RouteShorthandOptions['config'],
    schema: Object.fromEntries(
      Object.entries({
        hide: hide || undefined,
        tags: e.tags ? [...e.tags] : undefined,
        summary: e.summary,
        params: e.params,
        querystring: e.query,
        headers,
        body: e.body,
        produces: e.produces ? [...e.produces] : undefined,
        consumes: e.consumes ? [...e.consumes] : undefined,
        response: Object.keys(response).length ? response : undefined,
      }).filter(([, v]) => v !== undefined),
    ),
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const out = await (handler as (req: FastifyRequest, reply: FastifyReply) => unknown)(req, reply);
      if (e.response === 'file') return out;
      if (reply.sent) return reply;
      if (reply.statusCode === 200) reply.code(status);
      return e.response === null ? reply.send() : out;
    },
  });
}
