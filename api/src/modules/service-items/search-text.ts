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

/**
 * Does an item's search fields match the query? Chinese → every word is a substring of the text; latin letters →
 * a substring of the full pinyin or of the initials (spaces and apostrophes ignored: "yang lao" = "yanglao"), or of
 * the item code.
 */
export function matches(q: string, fields: { text: string; py: string; ini: string }, code: string): boolean {
  if (CJK.test(q)) return q.split(/\s+/).filter(Boolean).every((w) => fields.text.includes(w));
  const latin = q.toLowerCase().replace(/[\s']/g, '');
  return fields.py.includes(latin) || fields.ini.includes(latin) || code.toLowerCase().includes(latin);
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
