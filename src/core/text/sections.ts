/**
 * The sections of a project's instructions: the titles of its Markdown headings (`#` to `###`), in order,
 * without duplicates. Labelers pick one when they flag the instructions as unclear, and owners read the
 * flags grouped by it. Headings inside fenced code blocks are not headings.
 */
export function instructionSections(markdown: string): string[] {
  const sections: string[] = [];
  let fenced = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const m = /^ {0,3}(#{1,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const title = m[2]!.trim();
    if (title && !sections.includes(title)) sections.push(title);
  }
  return sections;
}
