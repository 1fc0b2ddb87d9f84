import { useEffect, useState } from 'react';
import { loadedImage, loadImage, noteShown, type TaskImage } from './image-cache';

type Loaded = { url: string; img: TaskImage | 'error' };

/**
 * A decoded image (an ImageBitmap, or an element) for Konva (shared with the preloader); null until it has loaded, and
 * 'error' if it failed. An image already loaded (prefetched) is returned in the first render.
 */
export function useHtmlImage(url: string): TaskImage | null | 'error' {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let live = true;
    loadImage(url).then(
      (el) => live && setLoaded({ url, img: el }),
      () => live && setLoaded({ url, img: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  const img = loaded?.url === url ? loaded.img : loadedImage(url);
  useEffect(() => {
    if (img && img !== 'error') noteShown(url);
  }, [img, url]);
  return img;
}
