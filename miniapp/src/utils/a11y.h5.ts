/**
 * ARIA attributes for a Taro view: plain ARIA in the browser. A link is named by its visible text (a row's whole
 * content), so its `label` is left out: a shorter label would hide what is on screen from speech input users.
 */
export function a11y(role: string, state: { label?: string; checked?: boolean; pressed?: boolean; focusable?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = { role };
  if (state.label && role !== 'link') out['aria-label'] = state.label;
  if (state.checked !== undefined) out['aria-checked'] = String(state.checked);
  if (state.pressed !== undefined) out['aria-pressed'] = String(state.pressed);
  if (state.focusable) out.tabIndex = '0';
  return out;
}
