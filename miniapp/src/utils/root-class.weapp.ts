/** The mini-program tab bar is native (its label size is fixed by WeChat); pages carry the class themselves. */
export function markRootElder(_on: boolean, _cssVars?: Record<string, string>): void {}
