import { useEffect, useState } from 'react';

/** Loads an image element for Konva; null until it has loaded, and 'error' if it failed. */
export function useHtmlImage(url: string): HTMLImageElement | null | 'error' {
  const [img, setImg] = useState<HTMLImageElement | null | 'error'>(null);
  useEffect(() => {
    const el = new window.Image();
    let live = true;
    setImg(null);
    el.onload = () => live && setImg(el);
    el.onerror = () => live && setImg('error');
    el.src = url;
    return () => {
      live = false;
    };
  }, [url]);
  return img;
}
