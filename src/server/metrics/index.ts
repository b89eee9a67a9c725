export { HttpMetrics, Metrics, UNMATCHED } from './metrics.js';
export { bearerMatches, countRequests, listenMetrics, registerMetrics, type MetricsListener } from './http.js';
