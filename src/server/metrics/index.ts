export { Metrics, UNMATCHED } from './metrics.js';
export { bearerMatches, listenMetrics, registerMetrics, type MetricsListener } from './http.js';
