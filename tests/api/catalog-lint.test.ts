/**
 * A catalog that never contradicts itself: every seeded 办事指南 is linted for the contradictions a citizen would
 * trip over — questions phrased so that 是/否 reads plainly, conditional materials that follow their question (using
 * the same `checkMaterials` the checklist uses), 不用跑 items whose steps send nobody to a window, and the window
 * the guide names being the window that takes the booking. Pure: no database.
 */
import { ZServiceItemInput, checkMaterials } from '@bianmin/shared';
import { CATALOG, type SeedItem } from '../../api/src/seed/catalog';
import { COUNTY_CENTERS, TOWN_CENTERS, bookingWindowFor, seedWindows } from '../../api/src/seed/catalog/windows';

/**
 * Negation in a yes/no question makes 否 a double negative ("是否尚未办理？" 否). Legal terms that merely contain
 * such a character (未成年人, 无民事行为能力) are not negations of the question.
 */
const NEGATION = /尚未|未能|未办|未曾|未满|未登记|没有|不是|不能|无法|非(?!常)|未(?!成年)|无(?!民事行为能力)/;
const ONLINE = /网上|线上|在线|APP|小程序|平台|手机|电子社保卡|12333/;
/** A step that sends the citizen to a counter. */
const TO_WINDOW = /到[^，。；]*(窗口|便民服务中心|政务服务中心)/;
/** Every "…窗口" a guide names, e.g. "民政窗口" in "便民服务中心民政窗口". */
const NAMED_WINDOW = /([\u4e00-\u9fa5]{2,8}窗口)/g;
/** "便民服务中心民政窗口" → "民政窗口"; "或到窗口" → "窗口" (any counter, not a named one). */
const windowName = (m: string) =>
  m.replace(/^.*(到|在|或|可|凭|于|向|的|和|及|再|后|时|以|告知)/, '').replace(/^(.*中心|乡镇|县|村)/, '');

const items = CATALOG.map((s: SeedItem) => ({ level: s.level, item: s.item }));
const label = (s: { item: { code: string; name: string } }) => `${s.item.code} ${s.item.name}`;

describe('seeded catalog lint', () => {
  test.each(items.map((s) => [label(s), s] as const))('%s is a valid item', (_name, s) => {
    expect(ZServiceItemInput.safeParse(s.item).success).toBe(true);
  });

  test.each(items.map((s) => [label(s), s] as const))('%s: questions are phrased positively', (_name, s) => {
    const negative = s.item.questions.filter((q) => NEGATION.test(q.text)).map((q) => q.text);
    expect(negative).toEqual([]);
  });

  test.each(items.map((s) => [label(s), s] as const))(
    '%s: a conditional material appears exactly when its question is answered 是',
    (_name, s) => {
      const no = Object.fromEntries(s.item.questions.map((q) => [q.key, false]));
      const base = new Set(checkMaterials(s.item, [], no).missing.map((m) => m.key));
      for (const q of s.item.questions) {
        const triggered = s.item.materials.filter((m) => m.requirement === 'conditional' && m.whenQuestion === q.key);
        // A question that decides nothing only makes the citizen answer for nothing.
        expect({ question: q.text, decides: triggered.length > 0 }).toEqual({ question: q.text, decides: true });
        const yes = new Set(checkMaterials(s.item, [], { ...no, [q.key]: true }).missing.map((m) => m.key));
        for (const m of triggered) {
          expect({ material: m.name, whenNo: base.has(m.key), whenYes: yes.has(m.key) }).toEqual({
            material: m.name,
            whenNo: false,
            whenYes: true,
          });
        }
        // Answering 是 adds its own materials and takes nothing away or adds anything else.
        const added = [...yes].filter((k) => !base.has(k)).sort();
        expect(added).toEqual(triggered.map((m) => m.key).sort());
        expect([...base].filter((k) => !yes.has(k))).toEqual([]);
      }
      // Alternatives: a required material must not already name the conditional one ("社会保障卡（或银行卡）" next to a
      // conditional 银行卡 would list both).
      const conditionalNames = s.item.materials.filter((m) => m.requirement === 'conditional').map((m) => m.name);
      const required = s.item.materials.filter((m) => m.requirement === 'required');
      for (const r of required) {
        for (const c of conditionalNames) expect({ required: r.name, overlaps: r.name.includes(c) || c.includes(r.name) }).toEqual({ required: r.name, overlaps: false });
      }
    },
  );

  test.each(items.map((s) => [label(s), s] as const))('%s: visits needed agree with the steps', (_name, s) => {
    const steps = s.item.procedure.map((p) => p.description);
    if (s.item.visits === 0) {
      // 不用跑（网上办）: the citizen can apply online, and any counter a step names is offered only beside it.
      expect({ firstStepOnline: ONLINE.test(steps[0]) }).toEqual({ firstStepOnline: true });
      const toWindow = steps.filter((d) => TO_WINDOW.test(d) && !ONLINE.test(d));
      expect(toWindow).toEqual([]);
    } else {
      // 跑一次 or more: somewhere the guide says where to go.
      expect({ saysWhere: [...steps, s.item.place].some((d) => /窗口|中心|现场|代办点|上门|门诊|村委会|村（居）民委员会/.test(d)) }).toEqual({ saysWhere: true });
    }
  });

  const windows = seedWindows(CATALOG);
  test.each(items.map((s) => [label(s), s] as const))('%s: the guide names the window that takes bookings', (_name, s) => {
    const centers = s.level === 'county' ? COUNTY_CENTERS : TOWN_CENTERS;
    for (const center of centers) {
      expect({ center, window: s.item.window }).toEqual({ center, window: bookingWindowFor(windows, center, s.item.code)?.name });
    }
    expect(s.item.place).toContain(s.item.window);
    const texts = [s.item.place, ...s.item.procedure.map((p) => p.description), ...s.item.faqs.map((f) => f.a), ...s.item.materials.map((m) => `${m.notes ?? ''}${m.source ?? ''}`)];
    const named = new Set(texts.flatMap((t) => [...t.matchAll(NAMED_WINDOW)].map((m) => m[1])));
    const others = [...named].map(windowName).filter((n) => n !== '窗口' && n !== s.item.window);
    expect(others).toEqual([]);
  });
});
