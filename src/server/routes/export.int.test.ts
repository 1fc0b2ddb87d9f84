import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTask } from '../services/tasks.service';
import { makeImageTask, makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

const box = (id: string, classId: string, x: number, y: number, w: number, h: number) => ({
  id, classId, geometry: { kind: 'box', x, y, w, h }, attributes: {}, source: 'human', version: 1,
});
const triangle = {
  id: 'tri', classId: 'pedestrian', geometry: { kind: 'polygon', points: [{ x: 120, y: 10 }, { x: 180, y: 10 }, { x: 150, y: 90 }] },
  attributes: { occluded: true }, source: 'human', version: 2,
};

describe.each(backends)('annotation export API on %s', (backend) => {
  let w: World;
  async function post(who: keyof World['users'], url: string, payload?: object) {
    return w.app.inject({ method: 'POST', url, payload, headers: { cookie: await w.cookie(who) } });
  }
  async function exportAs(who: keyof World['users'], format: string) {
    return w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/export?format=${format}`, headers: { cookie: await w.cookie(who) } });
  }
  /** The labeler claims the next task and submits `objects`; returns the task id and when it was submitted. */
  async function labelNext(objects: object[]) {
    const { task, lease } = (await post('labeler', `/api/projects/${w.projectId}/queue/next`)).json();
    const res = await post('labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: { objects } });
    expect(res.statusCode).toBe(200);
    const submittedAt = w.clock.now.toISOString();
    w.clock.advance(1000);
    return { taskId: task.id as string, submittedAt };
  }
  const unzip = (body: Buffer) => Object.fromEntries(Object.entries(unzipSync(new Uint8Array(body))).map(([name, bytes]) => [name, strFromU8(bytes)]));

  describe('a project with two labeled images and one waiting', () => {
    let a: { taskId: string; submittedAt: string };
    let b: { taskId: string; submittedAt: string };
    beforeEach(async () => {
      w = await makeWorld(backend, { tasks: 0 });
      // a.jpg 200×100: a car box and a pedestrian triangle; b.jpg 400×200: a pedestrian box; c.jpg never claimed.
      for (const [url, width, height] of [['/img/a.jpg', 200, 100], ['https://cdn.example.com/shots/b.jpg?sig=1', 400, 200], ['/img/c.jpg', 100, 100]] as const) {
        await createTask(w.ctx, w.projectId, w.users.owner.id, makeImageTask({ data: { kind: 'image', imageUrl: url, width, height } }));
        w.clock.advance(1000);
      }
      a = await labelNext([box('car-1', 'car', 10, 20, 50, 40), triangle]);
      b = await labelNext([box('ped-1', 'pedestrian', 100, 50, 40, 100)]);
    });
    afterEach(() => w.dispose());

    it('exports COCO JSON as a download with the hand-checked numbers', async () => {
      const res = await exportAs('owner', 'coco');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="streets-coco-2026-01-05.json"');
      const coco = res.json();
      expect(coco.images).toEqual([
        { id: 1, file_name: 'a.jpg', width: 200, height: 100 },
        { id: 2, file_name: 'b.jpg', width: 400, height: 200 },
      ]);
      expect(coco.categories).toEqual([{ id: 1, name: 'Car', supercategory: '' }, { id: 2, name: 'Pedestrian', supercategory: '' }]);
      expect(coco.annotations).toEqual([
        { id: 1, image_id: 1, category_id: 1, bbox: [10, 20, 50, 40], area: 2000, iscrowd: 0, segmentation: [[10, 20, 60, 20, 60, 60, 10, 60]], attributes: {} },
        { id: 2, image_id: 1, category_id: 2, bbox: [120, 10, 60, 80], area: 2400, iscrowd: 0, segmentation: [[120, 10, 180, 10, 150, 90]], attributes: { occluded: true } },
        { id: 3, image_id: 2, category_id: 2, bbox: [100, 50, 40, 100], area: 4000, iscrowd: 0, segmentation: [[100, 50, 140, 50, 140, 150, 100, 150]], attributes: {} },
      ]);
    });

    it('exports YOLO detection labels as a zip', async () => {
      const res = await exportAs('owner', 'yolo');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toBe('attachment; filename="streets-yolo-2026-01-05.zip"');
      const files = unzip(res.rawPayload);
      expect(Object.keys(files).sort()).toEqual(['classes.txt', 'data.yaml', 'labels/a.txt', 'labels/b.txt']);
      expect(files['classes.txt']).toBe('Car\nPedestrian\n');
      expect(files['data.yaml']).toContain('nc: 2\nnames:\n  0: "Car"\n  1: "Pedestrian"\n');
      // a: box centre (35, 40) size (50, 40) over 200×100; triangle bounds centre (150, 50) size (60, 80).
      expect(files['labels/a.txt']!.split('\n')).toEqual(['0 0.175000 0.400000 0.250000 0.400000', '1 0.750000 0.500000 0.300000 0.800000', '']);
      // b: box centre (120, 100) size (40, 100) over 400×200.
      expect(files['labels/b.txt']).toBe('1 0.300000 0.500000 0.100000 0.500000\n');
    });

    it('exports YOLO segmentation labels as a zip', async () => {
      const files = unzip((await exportAs('owner', 'yolo-seg')).rawPayload);
      expect(files['labels/a.txt']!.split('\n')).toEqual([
        '0 0.050000 0.200000 0.300000 0.200000 0.300000 0.600000 0.050000 0.600000',
        '1 0.600000 0.100000 0.900000 0.100000 0.750000 0.900000',
        '',
      ]);
    });

    it('exports Pascal VOC XML as a zip', async () => {
      const res = await exportAs('owner', 'voc');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      const files = unzip(res.rawPayload);
      expect(Object.keys(files).sort()).toEqual(['Annotations/a.xml', 'Annotations/b.xml', 'labels.txt']);
      const a = files['Annotations/a.xml']!;
      expect(a).toContain('<filename>a.jpg</filename>');
      expect(a).toContain('<width>200</width>');
      const boxes = [...a.matchAll(/<name>(\w+)<\/name>[\s\S]*?<xmin>(\d+)<\/xmin>\s*<ymin>(\d+)<\/ymin>\s*<xmax>(\d+)<\/xmax>\s*<ymax>(\d+)<\/ymax>/g)].map((m) => m.slice(1).join(' '));
      // 1-based first pixel, last pixel: box x 10..60 y 20..60; triangle x 120..180 y 10..90.
      expect(boxes).toEqual(['Car 11 21 60 60', 'Pedestrian 121 11 180 90']);
      expect(files['Annotations/b.xml']).toMatch(/<xmin>101<\/xmin>\s*<ymin>51<\/ymin>\s*<xmax>140<\/xmax>\s*<ymax>150<\/ymax>/);
    });

    it('exports our own JSON with who submitted what and when', async () => {
      const res = await exportAs('owner', 'labelbench');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="streets-labelbench-2026-01-05.json"');
      const out = res.json();
      expect(out).toMatchObject({ format: 'labelbench', formatVersion: 1, project: { id: w.projectId, name: 'Streets' } });
      expect(out.tasks.map((t: { taskId: string }) => t.taskId)).toEqual([a.taskId, b.taskId]);
      expect(out.tasks[0]).toMatchObject({
        status: 'completed',
        image: { fileName: 'a.jpg', url: '/img/a.jpg', width: 200, height: 100 },
        annotation: { userId: w.users.labeler.id, submittedAt: a.submittedAt },
      });
      expect(out.tasks[0].objects).toEqual([
        { id: 'car-1', classId: 'car', className: 'Car', geometry: { kind: 'box', x: 10, y: 20, w: 50, h: 40 }, attributes: {}, source: 'human', version: 1 },
        { id: 'tri', classId: 'pedestrian', className: 'Pedestrian', geometry: triangle.geometry, attributes: { occluded: true }, source: 'human', version: 2 },
      ]);
      expect(out.tasks[1].image.url).toBe('https://cdn.example.com/shots/b.jpg?sig=1');
      expect(out.tasks[1].annotation.submittedAt).toBe(b.submittedAt);
    });

    it('lets only owners export', async () => {
      expect((await exportAs('labeler', 'coco')).statusCode).toBe(403);
      expect((await exportAs('reviewer', 'coco')).statusCode).toBe(403);
      expect((await exportAs('outsider', 'coco')).statusCode).toBe(404);
      const anonymous = await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/export?format=coco` });
      expect(anonymous.statusCode).toBe(401);
    });

    it('refuses an unknown or missing format, naming the field', async () => {
      const bad = await exportAs('owner', 'csv');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields).toEqual({ format: 'must be one of coco, yolo, yolo-seg, voc, labelbench, vtt, srt, mask-png' });
      const missing = await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/export`, headers: { cookie: await w.cookie('owner') } });
      expect(missing.statusCode).toBe(400);
      expect(Object.keys(missing.json().fields)).toEqual(['format']);
    });
  });

  describe('a project with review passes and the same image twice', () => {
    beforeEach(async () => {
      // makeWorld's tasks all point at /demo/images/street-01.jpg (800×600).
      w = await makeWorld(backend, { tasks: 2, reviewPasses: 1 });
    });
    afterEach(() => w.dispose());

    it('exports tasks waiting for review, under file names told apart by task id', async () => {
      const first = await labelNext([box('o1', 'car', 0, 0, 400, 300)]);
      const second = await labelNext([]);
      const coco = (await exportAs('owner', 'coco')).json();
      expect(coco.images.map((i: { file_name: string }) => i.file_name)).toEqual([
        `street-01_${first.taskId.slice(0, 8)}.jpg`,
        `street-01_${second.taskId.slice(0, 8)}.jpg`,
      ]);
      expect(coco.annotations).toHaveLength(1);
      const lb = (await exportAs('owner', 'labelbench')).json();
      expect(lb.tasks.map((t: { status: string }) => t.status)).toEqual(['submitted', 'submitted']);
      const files = unzip((await exportAs('owner', 'yolo')).rawPayload);
      expect(files[`labels/street-01_${first.taskId.slice(0, 8)}.txt`]).toBe('0 0.250000 0.250000 0.500000 0.500000\n');
      expect(files[`labels/street-01_${second.taskId.slice(0, 8)}.txt`]).toBe('');
    });
  });

  describe('a project of uploaded images', () => {
    beforeEach(async () => {
      w = await makeWorld(backend, { tasks: 0 });
    });
    afterEach(() => w.dispose());

    it('names stored images after the uploaded file, or their id with the type\'s extension', async () => {
      const jpeg = await readFile('public/demo/images/street-03.jpg');
      const upload = async (query: string) => {
        const res = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/uploads${query}`, headers: { cookie: await w.cookie('owner'), 'content-type': 'image/jpeg' }, payload: jpeg });
        expect(res.statusCode).toBe(201);
        w.clock.advance(1000);
        return res.json().task as { id: string; data: { imageUrl: string } };
      };
      await upload('?filename=Front%20Cam%2003.jpg');
      const unnamed = await upload('');
      await labelNext([box('o1', 'car', 0, 0, 512, 384)]);
      await labelNext([]);
      const coco = (await exportAs('owner', 'coco')).json();
      const blobId = unnamed.data.imageUrl.split('/').pop();
      expect(coco.images).toEqual([
        { id: 1, file_name: 'Front_Cam_03.jpg', width: 1024, height: 768 },
        { id: 2, file_name: `${blobId}.jpg`, width: 1024, height: 768 },
      ]);
      const files = unzip((await exportAs('owner', 'voc')).rawPayload);
      expect(Object.keys(files).sort()).toEqual(['Annotations/Front_Cam_03.xml', `Annotations/${blobId}.xml`, 'labels.txt'].sort());
      expect(files['Annotations/Front_Cam_03.xml']).toMatch(/<xmin>1<\/xmin>\s*<ymin>1<\/ymin>\s*<xmax>512<\/xmax>\s*<ymax>384<\/ymax>/);
    });
  });
});
