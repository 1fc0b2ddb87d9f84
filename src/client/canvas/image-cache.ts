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
/** URLs that were requested ahead of being shown, for the test hook (a prefetch that worked shows here). */
const prefetched = new Set<string>();

/** Starts (or joins) loading `url`; resolves with the decoded image. */
export function loadImage(url: string, ahead = false): Promise<HTMLImageElement> {
  if (ahead) prefetched.add(url);
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
      el.decode().then(() => resolve(el), () => resolve(el));
    };
    el.onerror = () => {
      images.delete(url);
      reject(new Error(`could not load ${url}`));
    };
    el.src = url;
  });
  images.set(url, loading);
  while (images.size > MAX_IMAGES) images.delete(images.keys().next().value!);
  return loading;
}

/** Whether `url` was asked for ahead of being shown (by the next-task prefetch). */
export function wasPrefetched(url: string): boolean {
  return prefetched.has(url);
}
