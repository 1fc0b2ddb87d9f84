import { encodePng } from '../../core/export/png';
import { decodeRle, decompressRle, rleProblem } from '../../core/masks/rle';
import { TaskDataSchema } from '../../shared/task.schema';
import { NotFound } from '../errors';
import type { Customer } from './api-keys.service';
import type { ServiceContext } from './context';
import { ownedTask } from './customer-tasks.service';

type MaskResponse = {
  annotations?: { type?: string; label?: string; rle?: { size: [number, number]; counts: string } }[];
  labelMapping?: Record<string, { index: number; color: string }>;
};

/**
 * The combined masks of a completed task as a PNG, as Scale's segmentation responses link them: `labels`, 8-bit
 * grayscale with each pixel's label index from `labelMapping` (0 unlabeled), or `color`, RGB in the labels'
 * colours. Drawn from the task's stored response, in its annotation order (later masks on top; a segmentation
 * with nothing painted is all unlabeled). 404 while the task has no segmentation response.
 */
export async function customerMaskPng(ctx: ServiceContext, customer: Customer, taskId: string, kind: 'labels' | 'color'): Promise<Uint8Array> {
  const { task } = await ownedTask(ctx, customer, taskId);
  const data = TaskDataSchema.parse(task.data);
  const response = task.response as MaskResponse | null;
  const masks = (response?.annotations ?? []).filter((a) => a.type === 'mask' && a.rle);
  if (data.kind !== 'image' || !response?.labelMapping) throw new NotFound('Mask');
  const { width, height } = data;
  const index = new Uint8Array(width * height);
  const colorOf: [number, number, number][] = [[0, 0, 0]];
  for (const m of Object.values(response.labelMapping)) {
    colorOf[m.index] = [parseInt(m.color.slice(1, 3), 16), parseInt(m.color.slice(3, 5), 16), parseInt(m.color.slice(5, 7), 16)];
  }
  for (const m of masks) {
    const rle = decompressRle(m.rle!);
    if (rleProblem(rle, [height, width])) continue; // validated at submit; a stored response is trusted but not blindly
    const v = Math.min(255, response.labelMapping[m.label ?? '']?.index ?? 0);
    const bits = decodeRle(rle).data;
    for (let i = 0; i < bits.length; i++) if (bits[i]) index[i] = v;
  }
  if (kind === 'labels') return encodePng(width, height, index, 1);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < index.length; i++) if (index[i]) rgb.set(colorOf[index[i]!] ?? [255, 255, 255], i * 3);
  return encodePng(width, height, rgb, 3);
}
