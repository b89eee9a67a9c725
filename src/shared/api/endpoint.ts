import type { z } from 'zod';

/**
 * The API contract: every HTTP endpoint is declared once here, in `src/shared/api/<module>.ts`,
 * with its method, path and the zod schemas of its parameters, query, body and response.
 * The server registers its route from the declaration (`src/server/route.ts`), and the web app
 * calls it through the same declaration (`src/web/api/client.ts`), so a path, a parameter or a
 * response shape that drifts on one side fails `tsc` on the other.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What an endpoint answers: a JSON body (its schema), a file (`'file'`), or nothing (`null`, 204). */
export type ResponseSpec = z.ZodType | 'file' | null;

export interface EndpointSpec {
  readonly method: HttpMethod;
  /** Fastify path syntax: `/api/things/:id`. */
  readonly path: string;
  /** Path parameters; their names must be the path's `:names` (checked when the route is registered). */
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response: ResponseSpec;
  /** Status of a successful answer; 200 by default (204 when the response is `null`). */
  readonly status?: 200 | 201 | 202 | 204;
  /** Media types a `'file'` endpoint answers with (OpenAPI). */
  readonly produces?: readonly string[];
  /** `multipart/form-data` bodies are read by the handler, not declared as a schema. */
  readonly consumes?: readonly string[];
  readonly summary?: string;
  readonly tags?: readonly string[];
}

/** The `:name` parameters of a path, as a union of names. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The path parameters a caller supplies. */
export type PathParams<P extends string> = { [K in PathParamNames<P>]: string | number };

/** The parameter names a path declares (runtime twin of `PathParamNames`). */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

/** Fills a path's `:name` parameters (URL-encoded). */
export function fillPath(path: string, params: Readonly<Record<string, string | number>> | undefined): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(v));
  });
}

/** The status a successful call answers with. */
export const successStatus = (e: EndpointSpec): number => e.status ?? (e.response === null ? 204 : 200);

/**
 * Declares a module's endpoints with the tags they share (the OpenAPI grouping). The literal
 * types of each declaration are kept, so paths and schemas stay precise on both sides.
 */
export function defineApi<const T extends Record<string, EndpointSpec>>(common: { tags: readonly string[] }, endpoints: T): { readonly [K in keyof T]: T[K] & { tags: readonly string[] } } {
  const out: Record<string, EndpointSpec> = {};
  for (const [k, e] of Object.entries(endpoints)) out[k] = { ...e, tags: e.tags ?? common.tags };
  return out as { readonly [K in keyof T]: T[K] & { tags: readonly string[] } };
}

// ---- the types each side derives from a declaration --------------------------------------------

type InOf<S> = S extends z.ZodType ? z.input<S> : undefined;
type OutOf<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the server's handler receives, already validated. */
export type ServerParams<E extends EndpointSpec> = OutOf<E['params']>;
export type ServerQuery<E extends EndpointSpec> = OutOf<E['query']>;
export type ServerBody<E extends EndpointSpec> = OutOf<E['body']>;
/** What a JSON handler returns (the response schema's input: the serializer checks and shapes it). */
export type ServerResult<E extends EndpointSpec> = E['response'] extends z.ZodType ? z.input<E['response']> : E['response'] extends null ? void : unknown;

/** What the web app receives from a JSON endpoint. */
export type ResponseOf<E extends EndpointSpec> = E['response'] extends z.ZodType ? z.output<E['response']> : E['response'] extends null ? void : never;

type Optionalize<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: T[K] };

/** What a caller passes: `params` when the path has parameters, `query` and `body` when declared. */
export type CallInput<E extends EndpointSpec> = Optionalize<{
  params: [PathParamNames<E['path']>] extends [never] ? undefined : PathParams<E['path']>;
  query: E['query'] extends z.ZodType ? InOf<E['query']> | undefined : undefined;
  body: E['body'] extends z.ZodType ? InOf<E['body']> : undefined;
}>;

/** True when a caller need not pass anything. */
export type NoInput<E extends EndpointSpec> = Record<never, never> extends CallInput<E> ? true : false;
