import { stemOf } from './export-data';

/** File extensions for the image types the server stores (see media ingest). */
const EXTENSION_OF_TYPE: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
};

const MAX_NAME_CHARS = 200;

/**
 * A safe file name for an image, from its URL or path: the last path segment without query or fragment,
 * percent-decoded, with every character outside `A-Z a-z 0-9 . _ -` replaced by `_` and leading dots
 * dropped (so no folders, no hidden files, no `..`, and plain ASCII in every archive tool).
 * When that name has no extension and `contentType` is a known image type, its extension is added
 * (stored media is served from `/api/media/<id>`, which has none). An empty result becomes `image`.
 */
export function fileNameFromUrl(url: string, contentType: string | null = null): string {
  const path = url.split(/[?#]/)[0] ?? '';
  let segment = path.split(/[/\\]/).pop() ?? '';
  try {
    segment = decodeURIComponent(segment);
  } catch {
    // A malformed escape: keep the segment as written.
  }
  let name = segment.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, MAX_NAME_CHARS);
  if (name === '') name = 'image';
  const ext = contentType ? EXTENSION_OF_TYPE[contentType.toLowerCase()] : undefined;
  if (ext && stemOf(name) === name) name = `${name}.${ext}`;
  return name;
}

/**
 * Makes the names of one export unique by stem, ignoring case (YOLO and VOC write one `<stem>.txt` or
 * `<stem>.xml` per image, and some file systems ignore case). Every image whose stem is shared gets
 * `_` and the first 8 characters of its task id appended to the stem — all of them, not only the later
 * ones, so a name does not depend on which task came first. Returns the names in input order.
 */
export function uniqueFileNames(entries: readonly { taskId: string; fileName: string }[]): string[] {
  const count = new Map<string, number>();
  for (const e of entries) {
    const key = stemOf(e.fileName).toLowerCase();
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const taken = new Set<string>();
  return entries.map((e) => {
    const stem = stemOf(e.fileName);
    const ext = e.fileName.slice(stem.length);
    let name = (count.get(stem.toLowerCase()) ?? 0) > 1 ? `${stem}_${e.taskId.slice(0, 8)}${ext}` : e.fileName;
    // Why the loop: a suffixed name could, in theory, equal another image's own name.
    for (let n = 2; taken.has(stemOf(name).toLowerCase()); n++) name = `${stem}_${e.taskId.slice(0, 8)}_${n}${ext}`;
    taken.add(stemOf(name).toLowerCase());
    return name;
  });
}
