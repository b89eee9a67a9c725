import type { FieldIssue } from '../shared/validation.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';
import { conciseRequestLines, loggerOptions, type LogFormat } from './logging.js';
import Fastify, { type FastifyError, type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { databaseRateLimitStore } from './rate-limit-store.js';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ErrorBody } from '../shared/errors.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import type { Database } from './db/client.js';
import type { Secrets } from './secrets.js';
import { AppError } from './errors.js';
import { anonymousActor } from './authz/actor.js';
import type { App } from './http.js';
import { moduleBackupFiles, moduleSessionRequirements, registerModuleJobs, registerModules, runModuleSeeds, stopModules } from './compose.js';
import { buildContext } from './build-context.js';
import { authOf } from './modules/identity/index.js';
import type { AuthService } from './modules/identity/auth.service.js';
import { groupCookieName, loadGroupAccess } from './modules/groups/group-session.js';
import { registerMetrics, type Metrics } from './metrics/index.js';

export interface AppDeps {
  config: Config;
  database: Database;
  secrets: Secrets;
  clock?: Clock;
  logger?: boolean | Record<string, unknown>;
  /** Readable lines for a terminal, or JSON (the default; see logging.ts). */
  logFormat?: LogFormat;
  /** Called for every route as it is registered (the route-access test collects the route table with it). */
  onRoute?: (route: RouteOptions) => void;
}

export interface BuiltApp {
  app: App;
  ctx: AppContext;
  auth: AuthService;
  /** Null unless METRICS_TOKEN or METRICS_PORT is set (src/server/metrics). */
  metrics: Metrics | null;
}

const DEFAULT_WEB_DIST = join(PACKAGE_ROOT, 'dist/web');
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The path of a URL the router did not match, %-escapes decoded as the router would (the raw path if malformed). */
function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Builds the application: plugins, then modules. Never listens (tests use inject). */
export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const { config, database, secrets } = deps;
  const clock = deps.clock ?? systemClock;
  const format = deps.logFormat ?? 'json';
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config.logLevel, format),
    // In the terminal format conciseRequestLines (logging.ts) logs one line per API request instead.
    ...(format === 'pretty' ? { disableRequestLogging: true } : {}),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  // Before any plugin or module, so every route (Swagger UI's and static files' too) is reported.
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  if (format === 'pretty') conciseRequestLines(app as never);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ctx = buildContext({ config, database, secrets, clock, sessionRequirements: moduleSessionRequirements(), backupFiles: moduleBackupFiles });
  const sessions = ctx.sessions;
  app.addHook('onClose', async () => {
    await ctx.jobs.stop();
    await stopModules(ctx);
    await ctx.mailer.close();
  });
  const auth = authOf(ctx);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  // Counted in the database, so a limit holds across every node (rate-limit-store.ts).
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(database.db) });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Mamori API', version: '0.1.0', description: 'Information security management for multi-institution clinical research groups.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessions.cookieName() } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  // Authentication and CSRF for every request: a route is private unless it says `public`.
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.decorateRequest('groupAccess', null);
  app.addHook('onRequest', async (req, reply) => {
    const ua = req.headers['user-agent'] ?? null;
    req.actor = anonymousActor(req.ip, ua);
    req.session = null;
    const token = req.cookies[sessions.cookieName()];
    if (token) {
      const loaded = await sessions.load(token, req.ip, ua);
      if (loaded && loaded !== 'expired') {
        req.session = loaded;
        req.actor = loaded.actor;
      } else {
        reply.clearCookie(sessions.cookieName(), { path: '/' });
        if (loaded === 'expired') reply.header('x-session-expired', '1');
      }
    }
    // Group ID session (modules/groups): only without a personal session, and only for `allowGroup` routes (below).
    req.groupAccess = null;
    const groupToken = req.session ? undefined : req.cookies[groupCookieName(ctx)];
    if (groupToken) {
      req.groupAccess = await loadGroupAccess(ctx, groupToken);
      if (!req.groupAccess) reply.clearCookie(groupCookieName(ctx), { path: '/' });
    }
    const routeConfig = req.routeOptions.config;
    // Decide by the route the router matched, not the raw URL: the router decodes %-escapes, so
    // `/%61pi/institutions` reaches `/api/institutions` and must get the same CSRF and sign-in checks.
    const path = req.routeOptions.url ?? req.url;
    const isApi = path === '/api' || path.startsWith('/api/');
    if (isApi && STATE_CHANGING.has(req.method) && !routeConfig?.csrfExempt) {
      const header = req.headers['x-csrf-token'];
      const sent = typeof header === 'string' ? header : '';
      const expected = req.session ? req.session.csrfToken : req.cookies[sessions.anonCsrfCookieName()];
      if (!sent || !expected || sent !== expected || (!req.session && !sessions.validAnonCsrf(expected))) {
        throw new AppError(403, 'CSRF_FAILED', 'The request could not be verified. Reload the page and try again.');
      }
    }
    const isPublic = routeConfig?.public === true || path === '/api/docs' || path.startsWith('/api/docs/');
    const groupAllowed = !!req.groupAccess && routeConfig?.allowGroup === true;
    if (req.routeOptions.url && isApi && !isPublic && !req.session && !groupAllowed) {
      throw new AppError(401, reply.getHeader('x-session-expired') ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED', 'Sign-in required.');
    }
    // A session part-way through sign-in or onboarding reaches only the routes that finish it.
    if (req.routeOptions.url && isApi && !isPublic && req.session) {
      if (req.session.stage === 'mfa' && !routeConfig?.allowMfaStage) {
        throw new AppError(401, 'MFA_REQUIRED', 'Enter the code from your authenticator app to finish signing in.');
      }
      if (req.session.stage === 'full' && req.session.requirements.length > 0 && !routeConfig?.allowPending) {
        // Setting up the account comes first; a required course (the last step) opens the player too.
        if (req.session.requirements.some((r) => r !== 'training')) {
          throw new AppError(403, 'ACCOUNT_SETUP_REQUIRED', 'Finish setting up your account first.', { requirements: req.session.requirements });
        }
        if (!routeConfig?.allowTraining) {
          throw new AppError(403, 'TRAINING_REQUIRED', 'Pass the required training course first.', { requirements: req.session.requirements });
        }
      }
    }
  });

  // Prometheus metrics: the request counters' onResponse hook and GET /metrics (token only; off by default).
  const metrics = registerMetrics(app, ctx);

  // Nothing the API answers may be kept by a browser, its back/forward cache or a proxy: records,
  // audit entries, invitation links in the outbox, files and error bodies alike (OWASP ASVS 5.0 V14.3.2).
  // Set here once, after the route, so it also overrides a header a route set itself; the status,
  // ETag and Range headers of downloads are untouched. Swagger UI's own files (/api/docs) are public
  // documentation and keep their caching; so do the web app's static files (not under /api).
  app.addHook('onSend', async (req, reply, payload) => {
    const path = req.routeOptions.url ?? decodedPath(req.url);
    const isApi = path === '/api' || path.startsWith('/api/');
    const isDocs = path === '/api/docs' || path.startsWith('/api/docs/');
    if (isApi && !isDocs) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (status: number, body: ErrorBody['error']) => reply.code(status).send({ error: body });
    const requestId = String(req.id);
    if (err instanceof AppError) return send(err.status, { code: err.code, message: err.message, requestId, details: err.details });
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details: FieldIssue[] = err.validation.map((v) => {
        const p = v.params as { origin?: unknown; minimum?: unknown; maximum?: unknown; format?: unknown };
        const num = (x: unknown) => (typeof x === 'number' || typeof x === 'bigint' ? Number(x) : undefined);
        return {
          path: `${err.validationContext ?? ''}${v.instancePath}`.replace(/\//g, '.'),
          code: v.keyword,
          origin: typeof p.origin === 'string' ? p.origin : undefined,
          minimum: num(p.minimum),
          maximum: num(p.maximum),
          format: typeof p.format === 'string' ? p.format : undefined,
          message: v.message ?? 'invalid',
        };
      });
      return send(400, { code: 'VALIDATION_FAILED', message: 'Some fields are invalid.', requestId, details });
    }
    // PostgreSQL refuses text it cannot store (a NUL character, an invalid byte sequence): the input's fault, not ours.
    const pgCode = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? err.code;
    if (pgCode === '22P05' || pgCode === '22021') return send(400, { code: 'BAD_REQUEST', message: 'The request contains characters that cannot be stored.', requestId });
    if (err.statusCode === 429) return send(429, { code: 'RATE_LIMITED', message: 'Too many attempts. Please wait and try again.', requestId });
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE') return send(413, { code: 'PAYLOAD_TOO_LARGE', message: 'The request is too large.', requestId });
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return send(415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content type.', requestId });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500 && !isResponseSerializationError(err)) {
      return send(err.statusCode, { code: 'BAD_REQUEST', message: 'The request is malformed.', requestId });
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, { code: 'INTERNAL', message: 'Something went wrong. Quote this request id when reporting it.', requestId });
  });

  // Every module's routes, jobs and seeds, from their manifests (modules/index.ts).
  registerModules(app, ctx);
  registerModuleJobs(ctx);
  app.addHook('onReady', () => runModuleSeeds(ctx));

  // The web app: static files, and index.html for client-side routes.
  const webDist = config.webDist ? resolve(config.webDist) : DEFAULT_WEB_DIST;
  const haveWeb = existsSync(resolve(webDist, 'index.html'));
  if (haveWeb) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: false, maxAge: '1h' });
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && haveWeb && !req.url.startsWith('/api') && !/\.[a-z0-9]+$/i.test(req.url.split('?')[0] ?? '')) {
      // no-cache: a new release's page (and so its hashed assets) is fetched at once; static's own maxAge would override it.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', webDist, { cacheControl: false });
    }
    return reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'No such route.', requestId: String(req.id) } });
  });

  return { app: app as unknown as App, ctx, auth, metrics };
}
