import { defineRoutes } from '../../http/route';
import { docsPage, openApiDocument } from './openapi';

export function docsRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '文档', jwtSecret);
  r.get('/openapi.json', { summary: 'OpenAPI 3.1 文档（由共享 zod 模式生成）', access: 'public' }, ({ res }) => {
    res.json(openApiDocument());
  });
  r.get('/docs', { summary: '接口文档页面', access: 'public' }, ({ res }) => {
    res.type('html').send(docsPage());
  });
  return r;
}
