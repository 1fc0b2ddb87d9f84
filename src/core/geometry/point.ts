/**
 * Points in the two coordinate spaces the editor deals with. The brand keeps a screen
 * point (CSS pixels on the stage) from being used where an image point (image pixels) is meant.
 */
export type ImagePoint = { readonly x: number; readonly y: number; readonly __space?: 'image' };
export type ScreenPoint = { readonly x: number; readonly y: number; readonly __space?: 'screen' };

/** Image size in pixels. */
export type Size = { readonly width: number; readonly height: number };

/** Makes an image-space point. */
export function imagePoint(x: number, y: number): ImagePoint {
  return { x, y } as ImagePoint;
}

/** A view transform: screen = image * scale + offset. */
export type Viewport = { readonly scale: number; readonly offsetX: number; readonly offsetY: number };

/** Converts a stage (screen) point to image pixels under `view`. */
export function screenToImage(p: ScreenPoint, view: Viewport): ImagePoint {
  return imagePoint((p.x - view.offsetX) / view.scale, (p.y - view.offsetY) / view.scale);
}

/** Converts an image point to stage (screen) pixels under `view`. */
export function imageToScreen(p: ImagePoint, view: Viewport): ScreenPoint {
  return { x: p.x * view.scale + view.offsetX, y: p.y * view.scale + view.offsetY } as ScreenPoint;
}

/** The viewport that fits an image of `image` size centred inside a `frame` of screen pixels, with `padding` on each side. */
export function fitViewport(image: Size, frame: Size, padding = 16): Viewport {
  const scale = Math.max(
    1e-3,
    Math.min((frame.width - 2 * padding) / image.width, (frame.height - 2 * padding) / image.height),
  );
  return {
    scale,
    offsetX: (frame.width - image.width * scale) / 2,
    offsetY: (frame.height - image.height * scale) / 2,
  };
}

/** Euclidean distance between two points of the same space. */
export function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
