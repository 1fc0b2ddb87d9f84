import { takeEarly } from '../api/http';

/** A decoded image Konva can draw. */
export type TaskImage = ImageBitmap | HTMLImageElement;

/**
 * Task images, fetched and decoded once per URL and kept for the current and the next task.
 * Why an ImageBitmap from the fetched bytes: a 12-megapixel JPEG takes a few hundred milliseconds to
 * decode; createImageBitmap does it off the main thread and keeps the pixels ready to draw, where an
 * <img> (even after decode()) cost another 200 ms on the main thread at its first draw. An <img> is
 * the fallback for what fetch or createImageBitmap cannot take (another origin, an odd format).
 * Why a cache at all: the labeling session starts the request the moment
 * it knows the URL (before the objects are laid out), and a prefetched next task's image is ready
 * when that task opens.
 */
const MAX_IMAGES = 3;
const images = new Map<string, Promise<TaskImage>>();
/** Images already decoded, so a prefetched one is on the canvas in the same render as its task. */
const ready = new Map<string, TaskImage>();
/** URLs first requested ahead of being shown (the next-task prefetch), and the one on the canvas now: for the test hook. */
const prefetched = new Set<string>();
let shownUrl: string | null = null;

/** Starts (or joins) loading `url`; resolves with the decoded image. */
export function loadImage(url: string, ahead = false): Promise<TaskImage> {
  if (ahead && !images.has(url)) prefetched.add(url);
  const known = images.get(url);
  if (known) {
    // Most recently used last, so the oldest is dropped first.
    images.delete(url);
    images.set(url, known);
    return known;
  }
  const loading = decodeBitmap(url)
    .catch(() => decodeElement(url))
    .then(
      (img) => {
        if (images.get(url) === loading) ready.set(url, img);
        return img;
      },
      (e: unknown) => {
        images.delete(url);
        throw e;
      },
    );
  images.set(url, loading);
  while (images.size > MAX_IMAGES) {
    const oldest = images.keys().next().value!;
    images.delete(oldest);
    ready.delete(oldest);
  }
  return loading;
}

async function decodeBitmap(url: string): Promise<TaskImage> {
  // (index.html may have started it, the moment its early claim named the image.)
  const res = await (takeEarly('GET', url) ?? fetch(url, { credentials: 'same-origin' }));
  if (!res.ok) throw new Error(`could not load ${url}: ${res.status}`);
  return createImageBitmap(await res.blob());
}

function decodeElement(url: string): Promise<TaskImage> {
  return new Promise((resolve, reject) => {
    const el = new window.Image();
    el.onload = () => el.decode().then(() => resolve(el), () => resolve(el));
    el.onerror = () => reject(new Error(`could not load ${url}`));
    el.src = url;
  });
}

/** The decoded image for `url` if it is already loaded, else null. */
export function loadedImage(url: string): TaskImage | null {
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
