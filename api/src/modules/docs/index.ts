/** The docs module: the OpenAPI document generated from the declared routes, and a readable page of it. */
export { docsRoutes } from './docs.routes';
export { openApiDocument } from './openapi';
