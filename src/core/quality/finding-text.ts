/**
 * How findings word numbers and places in their one-line messages, shared by the object findings
 * (`findings.ts`, `shape-findings.ts`) and the mask findings (`mask-findings.ts`) so they read alike.
 */

/** A distance in px with at most one decimal ("2.6"). */
export function fmtPx(px: number): string {
  return String(Math.round(px * 10) / 10);
}

/** An area in px, whole and with thousands separators ("1,234"). */
export function fmtAreaPx(px: number): string {
  return Math.round(px).toLocaleString('en-US');
}

/** An IoU with two decimals ("0.80"). */
export function fmtIou(iou: number): string {
  return iou.toFixed(2);
}

/** An IoU known to be below `bar`, with a third decimal when two would print it equal to the bar (0.795 vs 0.80). */
export function fmtBelow(iou: number, bar: number): string {
  const two = fmtIou(iou);
  return two === fmtIou(bar) ? iou.toFixed(3) : two;
}

/** An attribute value as a message quotes it: strings in quotes, `undefined` as "not set". */
export function fmtValue(v: unknown): string {
  if (v === undefined) return 'not set';
  return typeof v === 'string' ? `"${v}"` : String(v);
}

/** A class name with its indefinite article ("an airplane", "a car"). */
export function article(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

/** "at the bottom left", "at the top", "in the middle": where a point (image px) lies, by thirds of the image. */
export function placeWords(p: { x: number; y: number }, width: number, height: number): string {
  const col = p.x < width / 3 ? 'left' : p.x >= (2 * width) / 3 ? 'right' : '';
  const row = p.y < height / 3 ? 'top' : p.y >= (2 * height) / 3 ? 'bottom' : '';
  if (!col && !row) return 'in the middle';
  return `at the ${[row, col].filter(Boolean).join(' ')}`;
}

/** Rounded to 0.01. */
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Rounded to 0.001. */
export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
