import { z } from 'zod';
import { ZChecklistSave, ZObjectId, ZSavedChecklist } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { publicBase } from '../../http/public-base';
import * as checklists from './checklists.service';

const ZId = z.object({ id: ZObjectId }).strict();
const citizen = ['citizen'] as const;

export function checklistRoutes(jwtSecret: string, baseUrl: string | undefined) {
  const r = defineRoutes('/api/checklists', '我的清单', jwtSecret);
  r.post('', { summary: '保存一次性告知清单（记录所读版本）', access: citizen, body: ZChecklistSave, returns: ZSavedChecklist }, async ({ actor, body, req, res }) => {
    res.status(201).json(await checklists.save(actor, body.itemId, body.has, body.answers, publicBase(req, baseUrl)));
  });
  r.get('', { summary: '我保存的清单', access: citizen, returns: z.object({ items: z.array(ZSavedChecklist) }).strict() }, async ({ actor, req, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await checklists.listMine(actor, publicBase(req, baseUrl)));
  });
  r.get('/:id', { summary: '一份清单', access: citizen, params: ZId, returns: ZSavedChecklist }, async ({ actor, params, req, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await checklists.getMine(actor, params.id, publicBase(req, baseUrl)));
  });
  r.delete('/:id', { summary: '删除清单', access: citizen, params: ZId, returns: 'none' }, async ({ actor, params, res }) => {
    await checklists.remove(actor, params.id);
    res.status(204).end();
  });
  return r;
}
