import type { AnnotationDocument } from '../../shared/annotation.schema';
import { isSegment } from '../audio/segments';
import { inlineText } from '../audio/transcript';

/** One submitted audio task for our JSON export: the clip, who submitted when, and the document. */
export type ProvenancedClip = {
  taskId: string;
  status: string;
  fileName: string;
  audioUrl: string;
  durationSec: number;
  annotation: { id: string; userId: string; submittedAt: string };
  document: AnnotationDocument;
};

/**
 * Labelbench's own JSON for an audio project (format version 1, `kind: 'audio'`): per task the clip, the
 * submission's provenance, and every segment as stored — times in seconds, speaker, text, tags with their
 * offsets, the text with tags inline, source (`human` or `hypothesis`) and version — in time order.
 */
export function toLabelbenchAudio(clips: readonly ProvenancedClip[], opts: { projectId: string; projectName: string; exportedAt: string }) {
  return {
    format: 'labelbench' as const,
    formatVersion: 1 as const,
    kind: 'audio' as const,
    project: { id: opts.projectId, name: opts.projectName },
    exportedAt: opts.exportedAt,
    tasks: clips.map((c) => ({
      taskId: c.taskId,
      status: c.status,
      audio: { fileName: c.fileName, url: c.audioUrl, durationSec: c.durationSec },
      annotation: c.annotation,
      segments: c.document.objects
        .filter(isSegment)
        .sort((a, b) => a.geometry.startSec - b.geometry.startSec)
        .map((o) => {
          const t = o.transcript ?? { speaker: null, text: '', tags: [] };
          return { id: o.id, startSec: o.geometry.startSec, endSec: o.geometry.endSec, speaker: t.speaker, text: t.text, tags: t.tags, inlineText: inlineText(t), source: o.source, version: o.version };
        }),
    })),
  };
}
