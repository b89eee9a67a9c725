/**
 * Compile-time checks of the contract types: every `@ts-expect-error` below must be an error,
 * or `tsc` (run by `npm test`) fails. This file has no runtime part.
 */
import { z } from 'zod';
import { defineApi, type CallInput, type PathParamNames, type ResponseOf, type ServerResult } from './endpoint.js';

export const demo = defineApi(
  { tags: ['demo'] },
  {
    one: { method: 'GET', path: '/api/things/:id/parts/:partId', params: z.object({ id: z.uuid(), partId: z.uuid() }), response: z.object({ name: z.string() }) },
    create: { method: 'POST', path: '/api/things', body: z.object({ name: z.string(), note: z.string().optional() }), response: z.object({ id: z.string() }), status: 201 },
    list: { method: 'GET', path: '/api/things', query: z.object({ page: z.coerce.number().default(1), status: z.enum(['open', 'closed']).optional() }), response: z.object({ items: z.array(z.string()) }) },
    remove: { method: 'DELETE', path: '/api/things/:id', params: z.object({ id: z.uuid() }), response: null },
  },
);

type Names = PathParamNames<'/api/things/:id/parts/:partId'>;
export const names: Names[] = ['id', 'partId'];
// @ts-expect-error not a parameter of the path
export const notAName: Names = 'thing';

export const ok1: CallInput<typeof demo.one> = { params: { id: 'a', partId: 'b' } };
// @ts-expect-error a path parameter is missing
export const missingParam: CallInput<typeof demo.one> = { params: { id: 'a' } };
// @ts-expect-error the body is required
export const missingBody: CallInput<typeof demo.create> = {};
// @ts-expect-error a body field has the wrong type
export const wrongBody: CallInput<typeof demo.create> = { body: { name: 1 } };
export const queryOptional: CallInput<typeof demo.list> = {};
// @ts-expect-error a query parameter has the wrong type
export const wrongQuery: CallInput<typeof demo.list> = { query: { status: 'lost' } };

export const answer: ResponseOf<typeof demo.one> = { name: 'x' };
// @ts-expect-error the answer has no such field
export const wrongAnswer: ResponseOf<typeof demo.one> = { title: 'x' };
export const nothing: ResponseOf<typeof demo.remove> = undefined;

export const handlerResult: ServerResult<typeof demo.create> = { id: 'x' };
// @ts-expect-error a handler must return the declared shape
export const wrongResult: ServerResult<typeof demo.create> = { id: 1 };
