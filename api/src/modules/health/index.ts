/** The health module: liveness, readiness (database, migrations, embedded engine) and Prometheus /metrics. */
export { healthRoutes, metricsHandler, setEngineCheck } from './health.routes';
