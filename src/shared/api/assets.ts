import { z } from 'zod';
import {
  AssetDashboardDto,
  AssetDto,
  AssetHistoryList,
  AssetIdParam,
  AssetLawParam,
  AssetPage,
  AssetSettingsDto,
  AssetStudyParam,
  CreateAsset,
  CreateSavedView,
  DisposeAsset,
  ExportAssetsQuery,
  ListAssetsQuery,
  SavedViewDto,
  SavedViewIdParam,
  SavedViewList,
  SetAssetParent,
  UpdateAsset,
  UpdateAssetSettings,
} from '../assets.js';
import { defineApi } from './endpoint.js';

/**
 * The asset register (P32-1): list, saved views, detail, changes, links to laws and studies,
 * history, dashboard, settings and the CSV/XLSX export. Every change answers the asset as it
 * now is; deleting a saved view answers 204, declared as `z.null()` (see training.ts).
 */
export const assetsApi = defineApi(
  { tags: ['assets'] },
  {
    list: { method: 'GET', path: '/api/assets', query: ListAssetsQuery, response: AssetPage },
    create: { method: 'POST', path: '/api/assets', body: CreateAsset, response: AssetDto, status: 201 },
    dashboard: { method: 'GET', path: '/api/assets/dashboard', response: AssetDashboardDto },
    settings: { method: 'GET', path: '/api/assets/settings', response: AssetSettingsDto },
    updateSettings: { method: 'PUT', path: '/api/assets/settings', body: UpdateAssetSettings, response: AssetSettingsDto },

    views: { method: 'GET', path: '/api/assets/views', response: SavedViewList },
    saveView: { method: 'POST', path: '/api/assets/views', body: CreateSavedView, response: SavedViewDto, status: 201 },
    deleteView: { method: 'DELETE', path: '/api/assets/views/:id', params: SavedViewIdParam, response: z.null(), status: 204 },

    /** The filtered list as CSV (UTF-8 with BOM) or XLSX: a separate permission, audited. */
    export: {
      method: 'GET',
      path: '/api/assets/export',
      query: ExportAssetsQuery,
      response: 'file',
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },

    get: { method: 'GET', path: '/api/assets/:id', params: AssetIdParam, response: AssetDto },
    update: { method: 'PATCH', path: '/api/assets/:id', params: AssetIdParam, body: UpdateAsset, response: AssetDto },
    dispose: { method: 'POST', path: '/api/assets/:id/dispose', params: AssetIdParam, body: DisposeAsset, response: AssetDto },
    history: { method: 'GET', path: '/api/assets/:id/history', params: AssetIdParam, response: AssetHistoryList },
    setParent: { method: 'PUT', path: '/api/assets/:id/parent', params: AssetIdParam, body: SetAssetParent, response: AssetDto },
    linkLaw: { method: 'PUT', path: '/api/assets/:id/laws/:lawId', params: AssetLawParam, response: AssetDto },
    unlinkLaw: { method: 'DELETE', path: '/api/assets/:id/laws/:lawId', params: AssetLawParam, response: AssetDto },
    linkStudy: { method: 'PUT', path: '/api/assets/:id/studies/:studyId', params: AssetStudyParam, response: AssetDto },
    unlinkStudy: { method: 'DELETE', path: '/api/assets/:id/studies/:studyId', params: AssetStudyParam, response: AssetDto },
  },
);
