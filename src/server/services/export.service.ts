import { strToU8, zipSync, type Zippable } from 'fflate';
import { toCoco } from '../../core/export/coco';
import type { ExportFile } from '../../core/export/export-data';
import { fileNameFromUrl, uniqueFileNames } from '../../core/export/file-names';
import { toLabelbench, type ProvenancedImage } from '../../core/export/labelbench';
import { toVoc } from '../../core/export/voc';
import { toYolo } from '../../core/export/yolo';
import { toLabelbenchAudio, type ProvenancedClip } from '../../core/export/labelbench-audio';
import { toSrt, toWebVtt } from '../../core/export/subtitles';
import { stemOf } from '../../core/export/export-data';
import { toMaskPngs } from '../../core/export/mask-png';
import { AnnotationDocumentSchema } from '../../shared/annotation.schema';
import type { ExportFormat } from '../../shared/export.schema';
import { OntologySchema } from '../../shared/project.schema';
import { TaskDataSchema } from '../../shared/task.schema';
import { BadRequest, NotFound } from '../errors';
import { exportableTasks } from '../repositories/exports.repo';
import { findProject } from '../repositories/projects.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';

/** A file to download: its name (ASCII, safe in a content-disposition header), type and bytes. */
export type ExportDownload = { fileName: string; contentType: string; body: string | Uint8Array };

/**
 * The annotations of an image project in one export format (owners only): for every task that is
 * submitted or completed, its latest submitted annotation. Tasks in other states are left out — pending or
 * leased ones have no accepted work yet, canceled and error ones are not wanted.
 * COCO and Labelbench answer one JSON file; YOLO and VOC a zip of their files.
 */
export async function exportProject(ctx: ServiceContext, projectId: string, userId: string, format: ExportFormat): Promise<ExportDownload> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const project = await findProject(ctx.db.db, projectId);
  if (!project) throw new NotFound('Project');
  if (project.kind === 'audio') return exportAudioProject(ctx, projectId, project.name, format);
  if (format === 'vtt' || format === 'srt') throw new BadRequest(`${format} is for audio projects`, { format: 'an image project exports coco, yolo, yolo-seg, voc or labelbench' });
  const classes = OntologySchema.parse(project.ontology).classes;
  const images = await projectImages(ctx, projectId);
  const now = ctx.clock();
  const exportedAt = now.toISOString();
  const baseName = `${slug(project.name)}-${format}-${exportedAt.slice(0, 10)}`;
  switch (format) {
    case 'coco':
      return json(`${baseName}.json`, toCoco(classes, images, { projectName: project.name, exportedAt }));
    case 'labelbench':
      return json(`${baseName}.json`, toLabelbench(classes, images, { projectId, projectName: project.name, exportedAt }));
    case 'yolo':
    case 'yolo-seg':
      return zip(`${baseName}.zip`, toYolo(classes, images, { variant: format === 'yolo' ? 'detect' : 'segment', projectName: project.name }), now);
    case 'voc':
      return zip(`${baseName}.zip`, toVoc(classes, images, { folder: project.name }), now);
    case 'mask-png':
      return zip(`${baseName}.zip`, toMaskPngs(classes, images), now);
  }
}

/** An audio project's export: WebVTT or SRT (a zip with one file per clip, named after the clip) or our JSON. */
async function exportAudioProject(ctx: ServiceContext, projectId: string, projectName: string, format: ExportFormat): Promise<ExportDownload> {
  if (format !== 'vtt' && format !== 'srt' && format !== 'labelbench') {
    throw new BadRequest(`${format} is for image projects`, { format: 'an audio project exports vtt, srt or labelbench' });
  }
  const now = ctx.clock();
  const exportedAt = now.toISOString();
  const baseName = `${slug(projectName)}-${format}-${exportedAt.slice(0, 10)}`;
  const rows = await exportableTasks(ctx.db.db, projectId);
  const clips: ProvenancedClip[] = rows.flatMap((row) => {
    const data = TaskDataSchema.parse(row.data);
    if (data.kind !== 'audio') return [];
    const origin = row.source_url ? row.source_url.replace(/^upload:/, '') : data.audioUrl;
    return [{
      taskId: row.task_id,
      status: row.status,
      fileName: fileNameFromUrl(origin, row.content_type),
      audioUrl: data.audioUrl,
      durationSec: data.durationSec,
      annotation: { id: row.annotation_id, userId: row.user_id, submittedAt: row.submitted_at.toISOString() },
      document: AnnotationDocumentSchema.parse(row.document),
    }];
  });
  const names = uniqueFileNames(clips);
  const named = clips.map((c, i) => ({ ...c, fileName: names[i]! }));
  if (format === 'labelbench') return json(`${baseName}.json`, toLabelbenchAudio(named, { projectId, projectName, exportedAt }));
  const write = format === 'vtt' ? toWebVtt : toSrt;
  return zip(`${baseName}.zip`, named.map((c) => ({ path: `${stemOf(c.fileName)}.${format}`, content: write(c.document) })), now);
}

/**
 * The project's exportable images in task order, with unique file names. A stored image is named after
 * where it came from (the uploaded file's name, or the customer's attachment URL), since its own URL
 * `/api/media/<id>` says nothing to the customer; other images after their URL.
 */
async function projectImages(ctx: ServiceContext, projectId: string): Promise<ProvenancedImage[]> {
  const rows = await exportableTasks(ctx.db.db, projectId);
  const images = rows.flatMap((row) => {
    const data = TaskDataSchema.parse(row.data);
    if (data.kind !== 'image') return [];
    const origin = row.source_url ? row.source_url.replace(/^upload:/, '') : data.imageUrl;
    return [{
      taskId: row.task_id,
      fileName: fileNameFromUrl(origin, row.content_type),
      width: data.width,
      height: data.height,
      document: AnnotationDocumentSchema.parse(row.document),
      status: row.status,
      imageUrl: data.imageUrl,
      annotation: { id: row.annotation_id, userId: row.user_id, submittedAt: row.submitted_at.toISOString() },
    }];
  });
  const names = uniqueFileNames(images);
  return images.map((image, i) => ({ ...image, fileName: names[i]! }));
}

function json(fileName: string, value: unknown): ExportDownload {
  return { fileName, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

function zip(fileName: string, files: ExportFile[], now: Date): ExportDownload {
  const entries: Zippable = {};
  for (const f of files) entries[f.path] = typeof f.content === 'string' ? strToU8(f.content) : f.content;
  // Why a fixed mtime (the export time) for every entry: the same export gives the same bytes.
  return { fileName, contentType: 'application/zip', body: zipSync(entries, { level: 6, mtime: now }) };
}

/** A project name as a lower-case ASCII file-name part (`Street scenes` → `street-scenes`). */
function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return s || 'project';
}
