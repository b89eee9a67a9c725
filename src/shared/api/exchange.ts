import { z } from 'zod';
import {
  ApprovalQueue,
  AttachFile,
  CreateTransfer,
  CustodyList,
  Decision,
  DirectoryQuery,
  DirectoryResult,
  ExceptionQueue,
  ExceptionQueueQuery,
  ExchangeOptions,
  ExchangeSettingsDto,
  HoldDto,
  HoldList,
  HoldListQuery,
  ListTransfersQuery,
  OptionalReason,
  Reason,
  ReleaseTransfer,
  SetHold,
  TransferDto,
  TransferFileParam,
  TransferPage,
  UpdateExchangeSettings,
  UpdateTransfer,
  WaiveColumn,
  WaiverList,
  WaiverListQuery,
} from '../exchange.js';
import { CreateUpload, UPLOAD_CONTENT_TYPE, UploadDto, UploadIdParam } from '../exchange-vault.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/**
 * The secure exchange (issue 7, P32-2.1.2): transfers, the tripwire's waivers and exceptions,
 * second approval, downloads, chain of custody, retention holds and settings.
 */
export const exchangeApi = defineApi(
  { tags: ['exchange'] },
  {
    options: { method: 'GET', path: '/api/exchange/options', response: ExchangeOptions },
    directory: { method: 'GET', path: '/api/exchange/directory', query: DirectoryQuery, response: DirectoryResult },

    // ---- transfers ----
    list: { method: 'GET', path: '/api/exchange/transfers', query: ListTransfersQuery, response: TransferPage },
    create: { method: 'POST', path: '/api/exchange/transfers', body: CreateTransfer, response: TransferDto, status: 201 },
    get: { method: 'GET', path: '/api/exchange/transfers/:id', params: IdParam, response: TransferDto },
    update: { method: 'PATCH', path: '/api/exchange/transfers/:id', params: IdParam, body: UpdateTransfer, response: TransferDto },
    attach: { method: 'POST', path: '/api/exchange/transfers/:id/files', params: IdParam, body: AttachFile, response: TransferDto, status: 201 },
    removeFile: { method: 'DELETE', path: '/api/exchange/transfers/:id/files/:fileId', params: TransferFileParam, response: TransferDto },
    /** 200 when the transfer is available or blocked at once, 202 while its files are scanned. */
    release: { method: 'POST', path: '/api/exchange/transfers/:id/release', params: IdParam, body: ReleaseTransfer.nullish(), response: TransferDto },
    withdraw: { method: 'POST', path: '/api/exchange/transfers/:id/withdraw', params: IdParam, body: OptionalReason, response: TransferDto },
    waive: { method: 'POST', path: '/api/exchange/transfers/:id/waivers', params: IdParam, body: WaiveColumn, response: TransferDto },
    requestException: { method: 'POST', path: '/api/exchange/transfers/:id/exception-requests', params: IdParam, body: Reason, response: TransferDto },
    decideApproval: { method: 'POST', path: '/api/exchange/transfers/:id/approval', params: IdParam, body: Decision, response: TransferDto },
    custody: { method: 'GET', path: '/api/exchange/transfers/:id/custody', params: IdParam, response: CustodyList },
    /** The file's bytes, streamed; each download is recorded (no HEAD: it would record one without the bytes). */
    content: { method: 'GET', path: '/api/exchange/transfers/:id/files/:fileId/content', params: TransferFileParam, response: 'file', produces: ['application/octet-stream'] },

    // ---- queues: second approval, the data center's exceptions and waivers ----
    approvals: { method: 'GET', path: '/api/exchange/approvals', response: ApprovalQueue },
    exceptions: { method: 'GET', path: '/api/exchange/exceptions', query: ExceptionQueueQuery, response: ExceptionQueue },
    decideException: { method: 'POST', path: '/api/exchange/exceptions/:id/decision', params: IdParam, body: Decision, response: TransferDto },
    waivers: { method: 'GET', path: '/api/exchange/waivers', query: WaiverListQuery, response: WaiverList },

    // ---- retention holds and settings (the data center) ----
    holds: { method: 'GET', path: '/api/exchange/holds', query: HoldListQuery, response: HoldList },
    setHold: { method: 'POST', path: '/api/exchange/holds', body: SetHold, response: HoldDto, status: 201 },
    releaseHold: { method: 'POST', path: '/api/exchange/holds/:id/release', params: IdParam, body: Reason, response: HoldDto },
    settings: { method: 'GET', path: '/api/exchange/settings', response: ExchangeSettingsDto },
    updateSettings: { method: 'PUT', path: '/api/exchange/settings', body: UpdateExchangeSettings, response: ExchangeSettingsDto },
  },
);

/**
 * The vault's resumable uploads (the protocol is described in src/shared/exchange-vault.ts).
 * `status` also answers HEAD, with the offset in the `Upload-Offset` header.
 */
export const vaultApi = defineApi(
  { tags: ['exchange'] },
  {
    create: { method: 'POST', path: '/api/exchange/uploads', body: CreateUpload, response: UploadDto, status: 201 },
    status: { method: 'GET', path: '/api/exchange/uploads/:id', params: UploadIdParam, response: UploadDto },
    /** The bytes from `Upload-Offset` (a request header), as `application/offset+octet-stream`; the body stays a stream. */
    append: { method: 'PATCH', path: '/api/exchange/uploads/:id', params: UploadIdParam, consumes: [UPLOAD_CONTENT_TYPE], response: UploadDto },
    abandon: { method: 'DELETE', path: '/api/exchange/uploads/:id', params: UploadIdParam, response: z.null(), status: 204 },
  },
);
