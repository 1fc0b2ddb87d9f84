import { z } from 'zod';

/**
 * Geometry of one annotation object. Image geometry is in image pixels
 * (origin top-left, x right, y down); the meaning of every field is fixed by `kind`
 * and never by another field.
 */
const coordinate = z.number().finite().min(-1e6).max(1e6);

/** An axis-aligned box: top-left corner (`x`, `y`) and size (`w`, `h`), all in image pixels. `w` and `h` are positive. */
export const BoxGeometrySchema = z.object({
  kind: z.literal('box'),
  x: coordinate,
  y: coordinate,
  w: z.number().finite().positive().max(1e6),
  h: z.number().finite().positive().max(1e6),
});
export type BoxGeometry = z.infer<typeof BoxGeometrySchema>;

/** A point in image pixels. */
export const PointSchema = z.object({ x: coordinate, y: coordinate });

/** A closed polygon in image pixels: at least three vertices, the closing edge implied. */
export const PolygonGeometrySchema = z.object({
  kind: z.literal('polygon'),
  points: z.array(PointSchema).min(3).max(100_000),
});
export type PolygonGeometry = z.infer<typeof PolygonGeometrySchema>;

/**
 * A stretch of an audio clip, in seconds from the start of the file: `startSec` ≥ 0 and `endSec` after it
 * (the server also checks `endSec` against the task's duration).
 */
export const SegmentGeometrySchema = z.object({
  kind: z.literal('segment'),
  startSec: z.number().finite().min(0).max(86_400),
  endSec: z.number().finite().min(0).max(86_400),
});
export type SegmentGeometry = z.infer<typeof SegmentGeometrySchema>;

/**
 * A pixel mask as COCO RLE in its compressed string form, exactly as pycocotools writes it: `size` is
 * `[height, width]` of the image; `counts` the run lengths in COLUMN-MAJOR (Fortran) order, starting with a
 * background run, encoded as pycocotools' `rleToString` (ASCII '0'..'o'). See `src/core/masks/rle.ts`.
 * The schema checks the form; that the counts sum to height × width of the task's image is a document rule.
 */
export const MaskRleSchema = z.object({
  size: z.tuple([z.number().int().positive().max(100_000), z.number().int().positive().max(100_000)]),
  counts: z.string().max(30_000_000).regex(/^[0-o]*$/, "characters '0'..'o' only (COCO compressed RLE)"),
});
export const MaskGeometrySchema = z.object({
  kind: z.literal('mask'),
  rle: MaskRleSchema,
});
export type MaskGeometry = z.infer<typeof MaskGeometrySchema>;

/** Every geometry an annotation object can carry, discriminated by `kind`. */
export const GeometrySchema = z.discriminatedUnion('kind', [BoxGeometrySchema, PolygonGeometrySchema, SegmentGeometrySchema, MaskGeometrySchema]);
export type Geometry = z.infer<typeof GeometrySchema>;
