/** ARIA attributes for a Taro view (`focusable` is for the browser's keyboard only): WeChat reads `aria-role` (读屏 / screen reader support). */
export function a11y(role: string, state: { label?: string; checked?: boolean; pressed?: boolean; focusable?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = { 'aria-role': role };
  if (state.label) out['aria-label'] = state.label;
  if (state.checked !== undefined) out['aria-checked'] = String(state.checked);
  if (state.pressed !== undefined) out['aria-pressed'] = String(state.pressed);
  return out;
}
