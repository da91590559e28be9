/** The health module: is the process up, and can it reach its database. */
export { healthRoutes } from './health.routes';
