import { z } from 'zod';
import { defineRoutes } from '../../http/route';
import { docsPage, openApiDocument } from './openapi';

/** The OpenAPI document's outline (its insides are generated, so only the frame is checked). */
const ZOpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export function docsRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '文档', jwtSecret);
  r.get('/openapi.json', { summary: 'OpenAPI 3.1 文档（由共享 zod 模式生成）', access: 'public', returns: ZOpenApiDocument }, ({ res }) => {
    res.json(openApiDocument());
  });
  r.get('/docs', { summary: '接口文档页面', access: 'public', returns: 'text/html' }, ({ res }) => {
    res.type('html').send(docsPage());
  });
  return r;
}
