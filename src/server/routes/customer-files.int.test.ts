import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, ownerApiAuth, type World } from '../test/builders';
import { backends } from '../test/test-db';

/** A multipart/form-data body as Scale's clients send it: a `project_name` field, then the file in `file`. */
function multipart(file: Buffer, filename: string, type: string) {
  const boundary = '----labelbench-test-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="project_name"\r\n\r\nStreets\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(backends)('customer file uploads on %s', (backend) => {
  let w: World;
  let auth: { authorization: string };
  let jpeg: Buffer;
  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0 });
    auth = await ownerApiAuth(w);
    jpeg = await readFile(path.resolve('public/demo/images/street-02.jpg'));
  });
  afterAll(() => w.dispose());

  const taskCount = async () => Number((await w.db.db.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('stores a file sent as multipart or as the raw body, and a task attaches it by its attachment_url', async () => {
    const form = multipart(jpeg, 'street.jpg', 'image/jpeg');
    const up = await w.app.inject({ method: 'POST', url: '/v1/files/upload', headers: { ...auth, 'content-type': form.contentType }, payload: form.body });
    expect(up.statusCode).toBe(200);
    const file = up.json();
    expect(file).toMatchObject({ filename: 'street.jpg', mimetype: 'image/jpeg', size: jpeg.length, attachment_url: `labelbench://file/${file.id}` });

    const raw = await w.app.inject({ method: 'POST', url: '/v1/files/upload?filename=again.jpg', headers: { ...auth, 'content-type': 'image/jpeg' }, payload: jpeg });
    expect(raw.statusCode).toBe(200);
    expect(raw.json()).toMatchObject({ filename: 'again.jpg', size: jpeg.length });

    const created = await w.app.inject({ method: 'POST', url: '/v1/task/imageannotation', headers: auth, payload: { attachment: file.attachment_url, geometries: { box: { objects_to_annotate: ['car'] } } } });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ status: 'pending', params: { attachment: file.attachment_url } });
    const claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie: await w.cookie('labeler') } })).json();
    expect(claim.task.id).toBe(created.json().task_id);
    expect(claim.task.data).toMatchObject({ kind: 'image', imageUrl: `/api/media/${file.id}`, width: 640, height: 480 });
    const media = await w.app.inject({ method: 'GET', url: claim.task.data.imageUrl, headers: { cookie: await w.cookie('labeler') } });
    expect(media.statusCode).toBe(200);
    expect(Buffer.compare(media.rawPayload, jpeg)).toBe(0);
  });

  it('refuses what is not a readable image or audio file, and an attachment that is not one of the customer\'s files, naming the field', async () => {
    const before = await taskCount();
    const note = multipart(Buffer.from('hello'), 'a.txt', 'text/plain');
    const text = await w.app.inject({ method: 'POST', url: '/v1/files/upload', headers: { ...auth, 'content-type': note.contentType }, payload: note.body });
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ status_code: 400, fields: { file: 'must be an image/* or audio/* file' } });
    const fake = await w.app.inject({ method: 'POST', url: '/v1/files/upload?filename=fake.jpg', headers: { ...auth, 'content-type': 'image/jpeg' }, payload: Buffer.from('<html>sorry</html>') });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error).toContain('not an image we can read');
    const empty = await w.app.inject({ method: 'POST', url: '/v1/files/upload', headers: { ...auth, 'content-type': 'application/json' }, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields).toEqual({ file: 'is required' });
    const nobody = await w.app.inject({ method: 'POST', url: '/v1/files/upload', headers: { 'content-type': 'image/jpeg' }, payload: jpeg });
    expect(nobody.statusCode).toBe(401);

    for (const attachment of ['labelbench://file/00000000-0000-4000-8000-000000000000', 'labelbench://file/../../etc/passwd']) {
      const res = await w.app.inject({ method: 'POST', url: '/v1/task/imageannotation', headers: auth, payload: { attachment, geometries: { box: { objects_to_annotate: ['car'] } } } });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual({ attachment: 'no such uploaded file' });
    }
    expect(await taskCount()).toBe(before);
  });
});

describe.each(backends)('customer file uploads over the limit on %s', (backend) => {
  let w: World;
  let auth: { authorization: string };
  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0, config: { mediaMaxBytes: 10_000 } });
    auth = await ownerApiAuth(w);
  });
  afterAll(() => w.dispose());

  it('answers 413 for a multipart or raw file past the limit and keeps nothing of it', async () => {
    const jpeg = await readFile(path.resolve('public/demo/images/street-02.jpg'));
    const form = multipart(jpeg, 'big.jpg', 'image/jpeg');
    const viaForm = await w.app.inject({ method: 'POST', url: '/v1/files/upload', headers: { ...auth, 'content-type': form.contentType }, payload: form.body });
    expect(viaForm.statusCode).toBe(413);
    expect(viaForm.json().error).toContain('larger than the limit');
    const viaBody = await w.app.inject({ method: 'POST', url: '/v1/files/upload', headers: { ...auth, 'content-type': 'image/jpeg' }, payload: jpeg });
    expect(viaBody.statusCode).toBe(413);
    expect(await w.db.db.selectFrom('blobs').select('id').execute()).toEqual([]);
  });
});
