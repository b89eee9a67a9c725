import type { AppContext } from '../../context.js';
import { Retention } from './retention.js';
import { ReviewService } from './review.service.js';
import { Scanner } from './scanner.js';
import { ExchangeSettingsService } from './settings.js';
import { TransferDeliveryService } from './transfer-delivery.service.js';
import { TransferDraftsService } from './transfer-drafts.service.js';
import { TransferReleaseService } from './transfer-release.service.js';
import { TransfersService } from './transfers.service.js';
import { Vault } from './vault/vault.js';

export interface Exchange {
  vault: Vault;
  settings: ExchangeSettingsService;
  scanner: Scanner;
  retention: Retention;
  /** Reading transfers, and who sees them. */
  transfers: TransfersService;
  /** The sender's draft. */
  drafts: TransferDraftsService;
  /** Release: scans, tripwire, second approval, notices. */
  release: TransferReleaseService;
  /** The second approver's decision, withdrawal, downloads. */
  delivery: TransferDeliveryService;
  review: ReviewService;
}

const built = new WeakMap<AppContext, Exchange>();

/** The exchange's services for one application (one set per context, so routes, jobs and tests share them). */
export function exchangeOf(ctx: AppContext): Exchange {
  let x = built.get(ctx);
  if (!x) {
    const vault = new Vault(ctx);
    const settings = new ExchangeSettingsService(ctx);
    const scanner = new Scanner(ctx, vault, settings);
    const retention = new Retention(ctx, vault);
    const transfers = new TransfersService(ctx, retention);
    const drafts = new TransferDraftsService(ctx, transfers, vault, settings, scanner, retention);
    const release = new TransferReleaseService(ctx, transfers, settings, scanner);
    const delivery = new TransferDeliveryService(ctx, transfers, release, vault, retention);
    const review = new ReviewService(ctx, transfers, release, scanner);
    x = { vault, settings, scanner, retention, transfers, drafts, release, delivery, review };
    built.set(ctx, x);
  }
  return x;
}
