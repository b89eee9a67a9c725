import { assetsApi as a } from '../../../shared/api/assets.js';
import type { AppContext } from '../../context.js';
import { sendTable } from '../../export/table-export.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { AssetExportService } from './asset-export.service.js';
import { AssetsService } from './assets.service.js';

/** The asset register: list, search, saved views, detail, changes, links, history, dashboard, export, settings. */
export function registerAssetRoutes(app: App, ctx: AppContext): void {
  const svc = new AssetsService(ctx);
  const exports = new AssetExportService(ctx, svc);
  /** A change answers the asset as it now is. */
  const fresh = (actor: Parameters<AssetsService['load']>[1], id: string) => svc.load(ctx.db, actor, id);

  route(app, a.list, async (req) => svc.list(req.actor, req.query));
  route(app, a.create, async (req) => {
    const { id } = await svc.create(req.actor, req.body);
    return fresh(req.actor, id);
  });
  route(app, a.dashboard, async (req) => svc.dashboard(req.actor));
  route(app, a.settings, async (req) => svc.settings(req.actor));
  route(app, a.updateSettings, async (req) => svc.updateSettings(req.actor, req.body));

  route(app, a.views, async (req) => ({ items: await svc.views(req.actor) }));
  route(app, a.saveView, async (req) => svc.saveView(req.actor, req.body));
  route(app, a.deleteView, async (req) => {
    await svc.deleteView(req.actor, req.params.id);
    return null;
  });

  route(app, a.export, async (req, reply) => sendTable(reply, await exports.export(req.actor, req.query)));

  route(app, a.get, async (req) => svc.get(req.actor, req.params.id));
  route(app, a.update, async (req) => {
    await svc.update(req.actor, req.params.id, req.body);
    return fresh(req.actor, req.params.id);
  });
  route(app, a.dispose, async (req) => {
    await svc.dispose(req.actor, req.params.id, req.body);
    return fresh(req.actor, req.params.id);
  });
  route(app, a.history, async (req) => ({ items: await svc.history(req.actor, req.params.id) }));
  route(app, a.setParent, async (req) => {
    await svc.setParent(req.actor, req.params.id, req.body.parentId);
    return fresh(req.actor, req.params.id);
  });
  route(app, a.linkLaw, async (req) => {
    await svc.linkLaw(req.actor, req.params.id, req.params.lawId, true);
    return fresh(req.actor, req.params.id);
  });
  route(app, a.unlinkLaw, async (req) => {
    await svc.linkLaw(req.actor, req.params.id, req.params.lawId, false);
    return fresh(req.actor, req.params.id);
  });
  route(app, a.linkStudy, async (req) => {
    await svc.linkStudy(req.actor, req.params.id, req.params.studyId, true);
    return fresh(req.actor, req.params.id);
  });
  route(app, a.unlinkStudy, async (req) => {
    await svc.linkStudy(req.actor, req.params.id, req.params.studyId, false);
    return fresh(req.actor, req.params.id);
  });
}
