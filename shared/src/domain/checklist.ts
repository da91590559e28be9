import type { TServiceItemInput } from '../schemas/service-item';

type ChecklistItem = Pick<TServiceItemInput, 'name' | 'materials' | 'questions'>;
type Material = TServiceItemInput['materials'][number];

export interface TMissingMaterial {
  key: string;
  name: string;
  form: Material['form'];
  copies: number;
  notes?: string;
  source?: string;
  /** Why it is needed, for conditional materials ("因为：是否委托他人代办？ 是"). */
  because?: string;
}

export interface TChecklistResult {
  /** Every required material is in hand and every question that decides one is answered. */
  complete: boolean;
  /** 补正告知: everything still missing, told at once. */
  missing: TMissingMaterial[];
  /** Questions not yet answered whose answer could add materials. */
  unanswered: { key: string; text: string }[];
  /** Materials needed given the answers so far (required + triggered conditional). */
  neededCount: number;
  haveCount: number;
}

/**
 * 一次性告知 check: given what the citizen has and their answers, list everything still missing in one go.
 * Pure, so the mini-app gives the same answer offline as the API does online. Unknown keys are ignored
 * (a saved checklist may name materials a later version removed).
 */
export function checkMaterials(
  item: ChecklistItem,
  has: readonly string[],
  answers: Readonly<Record<string, boolean>>,
): TChecklistResult {
  const inHand = new Set(has);
  const needed = item.materials.filter(
    (m) => m.requirement === 'required' || (m.requirement === 'conditional' && answers[m.whenQuestion!] === true),
  );
  const missing = needed
    .filter((m) => !inHand.has(m.key))
    .map((m): TMissingMaterial => {
      const q = m.whenQuestion ? item.questions.find((x) => x.key === m.whenQuestion) : undefined;
      return {
        key: m.key,
        name: m.name,
        form: m.form,
        copies: m.copies,
        ...(m.notes ? { notes: m.notes } : {}),
        ...(m.source ? { source: m.source } : {}),
        ...(q ? { because: `${q.text} 是` } : {}),
      };
    });
  const deciding = new Set(item.materials.filter((m) => m.requirement === 'conditional').map((m) => m.whenQuestion));
  const unanswered = item.questions
    .filter((q) => deciding.has(q.key) && typeof answers[q.key] !== 'boolean')
    .map((q) => ({ key: q.key, text: q.text }));
  return {
    complete: missing.length === 0 && unanswered.length === 0,
    missing,
    unanswered,
    neededCount: needed.length,
    haveCount: needed.length - missing.length,
  };
}
