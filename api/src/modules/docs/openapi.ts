import { z } from 'zod';
import { routeRegistry, XLSX, type DocEntry, type NonJson } from '../../http/route';

/** Media types a route may declare instead of a JSON schema. */
const MEDIA: readonly NonJson[] = ['text/html', 'text/csv', 'application/pdf', 'image/svg+xml', 'image/png', 'image/jpeg', 'text/event-stream', XLSX];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The 200 answer: the route's zod schema as JSON Schema, or its media type for pages and files. */
function success(e: DocEntry): Record<string, unknown> {
  const r = e.returns as unknown;
  if (r === 'none') return { '204': { description: '成功，无内容' } };
  if (r === 'redirect') return { '302': { description: '跳转' } };
  if (typeof r === 'string' && (MEDIA as readonly string[]).includes(r)) {
    return { '200': { description: '成功', content: { [r]: { schema: { type: 'string', ...(r.startsWith('text/') ? {} : { format: 'binary' }) } } } } };
  }
  if (r && typeof r === 'object' && 'safeParse' in r) {
    return { '200': { description: '成功', content: { 'application/json': { schema: jsonSchema(r as z.ZodType, 'output') } } } };
  }
  // A route without a usable declaration is still listed (the contract test names it) rather than breaking the document.
  return { '200': { description: '成功（未声明返回格式）' } };
}

function parameters(entry: DocEntry) {
  const out: Record<string, unknown>[] = [];
  for (const where of ['path', 'query'] as const) {
    const schema = where === 'path' ? entry.params : entry.query;
    if (!schema) continue;
    const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
    }
  }
  return out;
}

/** OpenAPI 3.1 generated from the routes as declared, with the shared zod schemas as request schemas. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of routeRegistry) {
    const path = e.path.replace(/:(\w+)/g, '{$1}') || '/';
    paths[path] ??= {};
    paths[path][e.method] = {
      summary: e.summary,
      tags: [e.tag],
      ...(e.access === 'public' ? { security: [] } : {}),
      description:
        e.access === 'public'
          ? '公开'
          : e.access === 'optional'
            ? '登录可选'
            : e.access === 'any'
              ? '需登录'
              : `需登录，角色：${(e.access as readonly string[]).join('、')}`,
      parameters: parameters(e),
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(e.body) } } } } : {}),
      responses: {
        ...success(e),
        '4XX': { description: '错误：{ error: { code, message, details[{field,message}] } }' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '便民服务中心 API', version: '0.1.0', description: '县级便民服务中心小程序接口。错误信息中文，错误码稳定。' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function responseBlock(responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>): string {
  const ok = Object.entries(responses).find(([code]) => /^2|^3/.test(code));
  if (!ok) return '';
  const [code, r] = ok;
  const media = r.content ? Object.keys(r.content)[0]! : '';
  const json = media === 'application/json' ? `<details><summary>返回（${code}，JSON）</summary><pre>${esc(JSON.stringify(r.content![media]!.schema, null, 2))}</pre></details>` : '';
  return json || `<p>返回：${code}${media ? ` ${esc(media)}` : ''}</p>`;
}

/** A readable reference page (no external assets: the deployment may have no internet). */
export function docsPage(): string {
  const doc = openApiDocument();
  const rows = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op: op as Record<string, unknown> })))
    .sort((a, b) => String((a.op.tags as string[])[0]).localeCompare(String((b.op.tags as string[])[0])) || a.path.localeCompare(b.path));
  const body = rows
    .map(({ path, method, op }) => {
      const req = op.requestBody as { content: { 'application/json': { schema: unknown } } } | undefined;
      const params = op.parameters as { name: string; in: string; required: boolean }[];
      return `<section><h3><code>${method.toUpperCase()} ${esc(path)}</code></h3><p>${esc(String(op.summary))} · ${esc(String(op.description))} · <em>${esc(String((op.tags as string[])[0]))}</em></p>
${params.length ? `<p>参数：${params.map((p) => `<code>${esc(p.name)}</code>(${p.in}${p.required ? '，必填' : ''})`).join('，')}</p>` : ''}
${req ? `<details><summary>请求体</summary><pre>${esc(JSON.stringify(req.content['application/json'].schema, null, 2))}</pre></details>` : ''}
${responseBlock(op.responses as Record<string, { description: string; content?: Record<string, { schema: unknown }> }>)}</section>`;
    })
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>便民服务中心 API 文档</title><style>body{font:16px/1.5 sans-serif;max-width:960px;margin:0 auto;padding:16px}section{border-top:1px solid #ddd;padding:4px 0}pre{background:#f5f5f5;padding:8px;overflow:auto;font-size:13px}</style>
</head><body><h1>便民服务中心 API</h1><p>机器可读版本：<a href="/api/openapi.json">/api/openapi.json</a>。错误格式：<code>{"error":{"code","message","details":[{"field","message"}],"requestId"}}</code>。</p>${body}</body></html>`;
}
