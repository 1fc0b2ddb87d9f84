/**
 * Task images, fetched and decoded once per URL and kept for the current and the next task.
 * Why decode() before handing the image to Konva: a 12-megapixel JPEG takes a few hundred
 * milliseconds to decode; decode() does it off the main thread, where the first draw would
 * otherwise block the page. Why a cache at all: the labeling session starts the request the moment
 * it knows the URL (before the objects are laid out), and a prefetched next task's image is ready
 * when that task opens.
 */
const MAX_IMAGES = 3;
const images = new Map<string, Promise<HTMLImageElement>>();
/** Images already decoded, so a prefetched one is on the canvas in the same render as its task. */
const ready = new Map<string, HTMLImageElement>();
/** URLs first requested ahead of being shown (the next-task prefetch), and the one on the canvas now: for the test hook. */
const prefetched = new Set<string>();
let shownUrl: string | null = null;

/** Starts (or joins) loading `url`; resolves with the decoded image. */
export function loadImage(url: string, ahead = false): Promise<HTMLImageElement> {
  if (ahead && !images.has(url)) prefetched.add(url);
  const known = images.get(url);
  if (known) {
    // Most recently used last, so the oldest is dropped first.
    images.delete(url);
    images.set(url, known);
    return known;
  }
  const loading = new Promise<HTMLImageElement>((resolve, reject) => {
    const el = new window.Image();
    el.onload = () => {
      const done = () => {
        if (images.has(url)) ready.set(url, el);
        resolve(el);
      };
      el.decode().then(done, done);
    };
    el.onerror = () => {
      images.delete(url);
      reject(new Error(`could not load ${url}`));
    };
    el.src = url;
  });
  images.set(url, loading);
  while (images.size > MAX_IMAGES) {
    const oldest = images.keys().next().value!;
    images.delete(oldest);
    ready.delete(oldest);
  }
  return loading;
}

/** The decoded image for `url` if it is already loaded, else null. */
export function loadedImage(url: string): HTMLImageElement | null {
  return ready.get(url) ?? null;
}

/** Notes which image the canvas shows (for the test hook). */
export function noteShown(url: string): void {
  shownUrl = url;
}

/** The image on the canvas now, and whether it was fetched ahead by the next-task prefetch. */
export function shownImage(): { url: string | null; prefetched: boolean } {
  return { url: shownUrl, prefetched: shownUrl !== null && prefetched.has(shownUrl) };
}
