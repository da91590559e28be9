/** Browsers zoom the page themselves; the factor is applied by the user agent, not by us. */
export function systemFontScale(): number {
  return 1;
}
