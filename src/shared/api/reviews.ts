import { z } from 'zod';
import { BulkConfirm, CampaignDto, CampaignList, DecideItem, ListItemsQuery, ReportQuery, ReviewItemDto, ReviewItemPage, StartCampaign } from '../reviews.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/** Access reviews (P32-2.1.3): campaigns, review items, decisions and the result report. */
export const reviewsApi = defineApi(
  { tags: ['access reviews'] },
  {
    list: { method: 'GET', path: '/api/access-reviews', response: CampaignList },
    start: { method: 'POST', path: '/api/access-reviews', body: StartCampaign, response: CampaignDto, status: 201 },
    tasks: { method: 'GET', path: '/api/access-reviews/tasks', query: ListItemsQuery, response: ReviewItemPage },
    get: { method: 'GET', path: '/api/access-reviews/:id', params: IdParam, response: CampaignDto },
    close: { method: 'POST', path: '/api/access-reviews/:id/close', params: IdParam, response: CampaignDto },
    items: { method: 'GET', path: '/api/access-reviews/:id/items', params: IdParam, query: ListItemsQuery, response: ReviewItemPage },
    decide: { method: 'POST', path: '/api/access-reviews/items/:id/decision', params: IdParam, body: DecideItem, response: ReviewItemDto },
    bulkConfirm: { method: 'POST', path: '/api/access-reviews/items/bulk-confirm', body: BulkConfirm, response: z.object({ confirmed: z.number().int(), skipped: z.number().int() }) },
    reportCsv: { method: 'GET', path: '/api/access-reviews/:id/report.csv', params: IdParam, query: ReportQuery, response: 'file', produces: ['text/csv'] },
    reportPdf: { method: 'GET', path: '/api/access-reviews/:id/report.pdf', params: IdParam, query: ReportQuery, response: 'file', produces: ['application/pdf'] },
  },
);
