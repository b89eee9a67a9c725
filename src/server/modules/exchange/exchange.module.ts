import type { AppContext } from '../../context.js';
import { Retention } from './retention.js';
import { ReviewService } from './review.service.js';
import { Scanner } from './scanner.js';
import { ExchangeSettingsService } from './settings.js';
import { TransfersService } from './transfers.service.js';
import { Vault } from './vault/vault.js';

export interface Exchange {
  vault: Vault;
  settings: ExchangeSettingsService;
  scanner: Scanner;
  retention: Retention;
  transfers: TransfersService;
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
    const transfers = new TransfersService(ctx, vault, settings, scanner, retention);
    const review = new ReviewService(ctx, transfers, scanner);
    x = { vault, settings, scanner, retention, transfers, review };
    built.set(ctx, x);
  }
  return x;
}
