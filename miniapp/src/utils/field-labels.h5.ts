/**
 * Taro's browser Input and Textarea keep `aria-label` on their wrapper element, so the native field inside has no
 * name for a screen reader. Copy the wrapper's label onto the field, for every field the app ever shows.
 */
export function labelNativeFields(): () => void {
  const apply = () => {
    for (const wrapper of Array.from(document.querySelectorAll('taro-input-core[aria-label], taro-textarea-core[aria-label]'))) {
      const field = wrapper.querySelector('input, textarea');
      const label = wrapper.getAttribute('aria-label');
      if (field && label && field.getAttribute('aria-label') !== label) field.setAttribute('aria-label', label);
    }
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-label'] });
  return () => observer.disconnect();
}
