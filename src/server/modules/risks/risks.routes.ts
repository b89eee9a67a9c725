import { risksApi as r } from '../../../shared/api/risks.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { RisksService } from './risks.service.js';

/**
 * Risk management (P32-4): the matrix, the threat and vulnerability catalogue, the register,
 * proposals for an asset, and the acceptance expiry job. The catalogue and the default matrix
 * are added when the app is ready.
 */
export function registerRiskRoutes(app: App, ctx: AppContext): void {
  const svc = new RisksService(ctx);

  route(app, r.matrix, async (req) => svc.matrix(req.actor));
  route(app, r.updateMatrix, async (req) => svc.updateMatrix(req.actor, req.body));

  route(app, r.threats, async (req) => ({ items: await svc.catalogue.listThreats(req.actor, req.query) }));
  route(app, r.createThreat, async (req) => svc.catalogue.createThreat(req.actor, req.body));
  route(app, r.updateThreat, async (req) => svc.catalogue.updateThreat(req.actor, req.params.id, req.body));
  route(app, r.vulnerabilities, async (req) => ({ items: await svc.catalogue.listVulnerabilities(req.actor, req.query) }));
  route(app, r.createVulnerability, async (req) => svc.catalogue.createVulnerability(req.actor, req.body));
  route(app, r.updateVulnerability, async (req) => svc.catalogue.updateVulnerability(req.actor, req.params.id, req.body));

  route(app, r.list, async (req) => svc.list(req.actor, req.query));
  route(app, r.heatmap, async (req) => svc.heatmap(req.actor, req.query));
  route(app, r.owners, async (req) => svc.owners(req.actor));
  route(app, r.create, async (req) => svc.create(req.actor, req.body));
  route(app, r.get, async (req) => svc.get(req.actor, req.params.id));
  route(app, r.update, async (req) => svc.update(req.actor, req.params.id, req.body));
  route(app, r.assess, async (req) => svc.assess(req.actor, req.params.id, req.body));
  route(app, r.setControls, async (req) => svc.setControls(req.actor, req.params.id, req.body));
  route(app, r.accept, async (req) => svc.accept(req.actor, req.params.id, req.body));

  route(app, r.proposals, async (req) => ({ items: await svc.proposals.list(req.actor, req.params.id) }));
  route(app, r.acceptProposal, async (req) => svc.proposals.accept(req.actor, req.params.id, req.params.threatId, req.body));
}
