import { useEffect, useState } from 'react';
import { loadImage } from './image-cache';

/** Loads a decoded image element for Konva (shared with the preloader); null until it has loaded, and 'error' if it failed. */
export function useHtmlImage(url: string): HTMLImageElement | null | 'error' {
  const [img, setImg] = useState<HTMLImageElement | null | 'error'>(null);
  useEffect(() => {
    let live = true;
    setImg(null);
    loadImage(url).then(
      (el) => live && setImg(el),
      () => live && setImg('error'),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return img;
}
