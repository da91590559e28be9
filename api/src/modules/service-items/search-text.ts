import { pinyin } from 'pinyin-pro';
import type { TServiceItemInput } from '@bianmin/shared';

const CJK = /[\u3400-\u9fff]/;

/** Search fields for one item: Chinese text, full pinyin and initials, one run per term so `ylbx` finds 养老保险. */
export function searchFields(item: TServiceItemInput): { text: string; py: string; ini: string } {
  const terms = [item.name, ...item.keywords, item.category];
  const py = terms.map((t) => pinyin(t, { toneType: 'none', type: 'array', nonZh: 'removed' }).join('')).join(' ');
  const ini = terms.map((t) => pinyin(t, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('')).join(' ');
  return {
    text: [item.name, ...item.keywords, item.department, item.window, item.category, item.code].join(' '),
    py: py.toLowerCase(),
    ini: ini.toLowerCase(),
  };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A search query → a filter on the search fields. Chinese → substring of the text; latin letters → substring of
 * the full pinyin or of the initials (spaces and apostrophes ignored: "yang lao" = "yanglao"), or the item code.
 */
export function searchFilter(q: string): Record<string, unknown> {
  if (CJK.test(q)) {
    const parts = q.split(/\s+/).filter(Boolean).map(escapeRegex);
    return { $and: parts.map((p) => ({ 'search.text': { $regex: p } })) };
  }
  const latin = q.toLowerCase().replace(/[\s']/g, '');
  const rx = escapeRegex(latin);
  return { $or: [{ 'search.py': { $regex: rx } }, { 'search.ini': { $regex: rx } }, { code: { $regex: rx, $options: 'i' } }] };
}

/** Order results: name hits first, then earlier hits, then shorter names. */
export function rank(q: string, name: string, fields: { py: string; ini: string }): number {
  if (CJK.test(q)) {
    const at = name.indexOf(q);
    return at === -1 ? 1000 + name.length : at * 10 + name.length / 100;
  }
  const latin = q.toLowerCase().replace(/[\s']/g, '');
  const nameIni = fields.ini.split(' ')[0] ?? '';
  const namePy = fields.py.split(' ')[0] ?? '';
  const at = Math.min(...[nameIni.indexOf(latin), namePy.indexOf(latin)].map((i) => (i === -1 ? 999 : i)));
  return at === 999 ? 1000 + name.length : at * 10 + name.length / 100;
}
