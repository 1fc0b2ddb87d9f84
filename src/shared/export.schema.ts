import { z } from 'zod';

/**
 * Annotation export formats of an image project:
 * `coco` (COCO detection JSON), `yolo` (YOLO detection labels, zip), `yolo-seg` (YOLO segmentation labels, zip),
 * `voc` (Pascal VOC XML, zip), `labelbench` (our own JSON with provenance),
 * `mask-png` (zip: per image with masks a label-map PNG of class indices and a colour PNG).
 * Audio projects: `vtt` (WebVTT, zip of one file per clip), `srt` (SubRip, likewise) and `labelbench`.
 */
export const ExportFormatSchema = z.enum(['coco', 'yolo', 'yolo-seg', 'voc', 'labelbench', 'vtt', 'srt', 'mask-png'], {
  error: 'must be one of coco, yolo, yolo-seg, voc, labelbench, vtt, srt, mask-png',
});
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** Query of `GET /api/projects/:projectId/export`. */
export const ExportQuerySchema = z.object({ format: ExportFormatSchema });
