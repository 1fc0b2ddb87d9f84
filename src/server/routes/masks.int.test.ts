import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compressRle, decompressRle, encodeBitmap, decodeRle } from '../../core/masks/rle';
import { polygonToBitmap } from '../../core/masks/raster';
import { unzlibSync } from 'fflate';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

/** A mask of the builders' 800×600 image: the rectangle [x0, x1) × [y0, y1). */
function rectMask(x0: number, y0: number, x1: number, y1: number, width = 800, height = 600) {
  const rle = encodeBitmap(polygonToBitmap([{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }], width, height));
  return { kind: 'mask', rle: compressRle(rle) };
}
const maskObject = (id: string, classId: string, geometry: object) => ({ id, classId, geometry, attributes: {}, source: 'human', version: 1 });

describe.each(backends)('mask annotations API on %s', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 2 });
  });
  afterEach(() => w.dispose());

  async function call(method: 'POST' | 'PUT', who: keyof World['users'], url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  const next = async () => (await call('POST', 'labeler', `/api/projects/${w.projectId}/queue/next`)).json();

  it('saves a mask draft, restores it exactly, and submits it', async () => {
    const { task, lease } = await next();
    const doc = { objects: [maskObject('m1', 'car', rectMask(10, 20, 110, 70)), maskObject('m2', 'pedestrian', rectMask(200, 200, 210, 260))] };
    const saved = await call('PUT', 'labeler', `/api/tasks/${task.id}/draft`, { leaseToken: lease.token, document: doc });
    expect(saved.statusCode).toBe(200);
    const back = await next();
    expect(back.draft.objects.map((o: { geometry: unknown }) => o.geometry)).toEqual(doc.objects.map((o) => o.geometry));
    const bitmap = decodeRle(decompressRle(back.draft.objects[0].geometry.rle));
    expect(bitmap.data.reduce((s, v) => s + v, 0)).toBe(100 * 50);
    const res = await call('POST', 'labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: doc });
    expect(res.statusCode).toBe(200);
  });

  it('refuses counts that do not sum to width × height, naming the object and field', async () => {
    const { task, lease } = await next();
    const bad = { kind: 'mask', rle: { size: [600, 800], counts: compressRle({ size: [600, 800], counts: [100, 50] }).counts } };
    const res = await call('PUT', 'labeler', `/api/tasks/${task.id}/draft`, { leaseToken: lease.token, document: { objects: [maskObject('m1', 'car', rectMask(0, 0, 5, 5)), maskObject('m2', 'car', bad)] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ 'document.objects.1.geometry.rle.counts': 'counts sum to 150, not height × width = 480000' });
  });

  it('refuses a mask made for another image size', async () => {
    const { task, lease } = await next();
    const res = await call('POST', 'labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: { objects: [maskObject('m1', 'car', rectMask(0, 0, 5, 5, 640, 480))] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ 'document.objects.0.geometry.rle.size': 'mask is 640×480 (size [480, 640]) but the image is 800×600' });
  });

  it('refuses an unknown class on a mask, and characters outside the COCO alphabet', async () => {
    const { task, lease } = await next();
    const unknown = await call('PUT', 'labeler', `/api/tasks/${task.id}/draft`, { leaseToken: lease.token, document: { objects: [maskObject('m1', 'tractor', rectMask(0, 0, 5, 5))] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields).toEqual({ 'document.objects.0.classId': "unknown class 'tractor'" });
    const garbage = await call('PUT', 'labeler', `/api/tasks/${task.id}/draft`, { leaseToken: lease.token, document: { objects: [maskObject('m1', 'car', { kind: 'mask', rle: { size: [600, 800], counts: 'abc~' } })] } });
    expect(garbage.statusCode).toBe(400);
    expect(Object.keys(garbage.json().fields)).toEqual(['document.objects.0.geometry.rle.counts']);
    const truncated = await call('PUT', 'labeler', `/api/tasks/${task.id}/draft`, { leaseToken: lease.token, document: { objects: [maskObject('m1', 'car', { kind: 'mask', rle: { size: [600, 800], counts: 'f' } })] } });
    expect(truncated.json().fields).toEqual({ 'document.objects.0.geometry.rle.counts': 'counts string ends inside a number' });
  });

  it('mask mode and overlap rule are project settings; semantic mode allows one mask per class', async () => {
    const put = await call('PUT', 'owner', `/api/projects/${w.projectId}`, { settings: { maskMode: 'semantic', maskOverlap: 'unlabeled-only' } });
    expect(put.statusCode).toBe(200);
    expect(put.json().project.settings).toMatchObject({ maskMode: 'semantic', maskOverlap: 'unlabeled-only', maxAttempts: 3 });
    const badSetting = await call('PUT', 'owner', `/api/projects/${w.projectId}`, { settings: { maskMode: 'panoptic' } });
    expect(badSetting.statusCode).toBe(400);
    expect(Object.keys(badSetting.json().fields)).toEqual(['settings.maskMode']);
    const { task, lease } = await next();
    const twice = { objects: [maskObject('m1', 'car', rectMask(0, 0, 5, 5)), maskObject('m2', 'car', rectMask(10, 10, 15, 15))] };
    const res = await call('PUT', 'labeler', `/api/tasks/${task.id}/draft`, { leaseToken: lease.token, document: twice });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ 'document.objects.1.classId': "semantic mode: class 'car' already has a mask (object 0)" });
  });

  it('a completed task answers the customer in Scale\'s segmentation shape, with the label map as a PNG', async () => {
    const key = (await call('POST', 'owner', '/api/api-keys', { name: 'k', defaultProjectId: w.projectId })).json().key.key;
    const auth = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
    const { task, lease } = await next();
    const doc = { objects: [maskObject('m1', 'car', rectMask(10, 20, 110, 70)), maskObject('m2', 'pedestrian', rectMask(100, 60, 120, 80))] };
    expect((await call('POST', 'labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: doc })).statusCode).toBe(200);
    const scale = (await w.app.inject({ method: 'GET', url: `/v1/task/${task.id}`, headers: auth })).json();
    expect(scale.response.labelMapping).toEqual({ Car: { index: 1, color: '#e6194b' }, Pedestrian: { index: 2, color: '#3cb44b' } });
    expect(scale.response.annotations[0]).toMatchObject({ uuid: 'm1', type: 'mask', label: 'Car', rle: (doc.objects[0]!.geometry as { rle: unknown }).rle });
    expect(scale.response.combined.indexedImage).toBe(`/v1/task/${task.id}/mask/labels.png`);
    const png = await w.app.inject({ method: 'GET', url: scale.response.combined.indexedImage, headers: auth });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    // IHDR says 800×600 grayscale; the pixels: car's 1 inside its rectangle, pedestrian's 2 where it lies on top.
    const bytes = png.rawPayload;
    expect(bytes.readUInt32BE(16)).toBe(800);
    expect(bytes.readUInt32BE(20)).toBe(600);
    const idatLen = bytes.readUInt32BE(33);
    const raw = unzlibSync(bytes.subarray(41, 41 + idatLen));
    const at = (x: number, y: number) => raw[y * 801 + 1 + x];
    expect([at(10, 20), at(50, 40), at(9, 20), at(105, 65), at(115, 75), at(130, 90)]).toEqual([1, 1, 0, 2, 2, 0]);
    const color = await w.app.inject({ method: 'GET', url: scale.response.combined.image, headers: auth });
    expect(color.statusCode).toBe(200);
    const none = await w.app.inject({ method: 'GET', url: `/v1/task/${randomUUID()}/mask/labels.png`, headers: auth });
    expect(none.statusCode).toBe(404);
  });
});
