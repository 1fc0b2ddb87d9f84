/**
 * Whether a key event's target takes typing (a text field, a select, a slider), so page shortcuts must leave
 * the key to it. A focused checkbox or radio button does not: after ticking one, Ctrl+Enter still submits.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return target.type !== 'checkbox' && target.type !== 'radio';
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
