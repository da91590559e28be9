/** The mini-program reads `aria-label` on Input and Textarea itself: nothing to copy. */
export function labelNativeFields(): () => void {
  return () => undefined;
}
