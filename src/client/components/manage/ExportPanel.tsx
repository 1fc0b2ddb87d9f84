import type { Project } from '../../../shared/project.schema';
import type { ExportFormat } from '../../../shared/export.schema';

const FORMATS: { id: ExportFormat; name: string; what: string }[] = [
  { id: 'coco', name: 'COCO', what: 'One JSON file: images, categories, boxes and polygons as segmentation.' },
  { id: 'yolo', name: 'YOLO (detection)', what: 'A zip of one label file per image (class cx cy w h, normalised), with classes.txt and data.yaml.' },
  { id: 'yolo-seg', name: 'YOLO (segmentation)', what: 'Like YOLO, with polygon outlines instead of boxes.' },
  { id: 'mask-png', name: 'Mask PNGs', what: 'A zip: per image with masks, a label map (class index per pixel) and a colour PNG; labels.txt lists the indices.' },
  { id: 'voc', name: 'Pascal VOC', what: 'A zip of one XML file per image, boxes in whole pixels.' },
  { id: 'labelbench', name: 'Labelbench JSON', what: 'Everything we store, with provenance: who drew each object, from a pre-annotation or not, edited or not.' },
];

const AUDIO_FORMATS: { id: ExportFormat; name: string; what: string }[] = [
  { id: 'vtt', name: 'WebVTT', what: 'A zip of one .vtt subtitle file per clip: a cue per segment, the speaker as a voice, tags inline.' },
  { id: 'srt', name: 'SRT', what: 'A zip of one .srt file per clip, the speaker as a prefix.' },
  { id: 'labelbench', name: 'Labelbench JSON', what: 'Every segment with times, speaker, text, tags (with positions) and provenance.' },
];

/** Downloads of the project's submitted annotations (the browser saves the file the server sends). */
export function ExportPanel({ project }: { project: Project }) {
  const formats = project.kind === 'audio' ? AUDIO_FORMATS : FORMATS;
  return (
    <div className="export-panel">
      <p className="muted">Each export holds the latest submitted annotation of every submitted or completed task.</p>
      <ul className="export-list">
        {formats.map((f) => (
          <li key={f.id} className="card">
            <div>
              <b>{f.name}</b>
              <p className="muted">{f.what}</p>
            </div>
            <a className="button" href={`/api/projects/${project.id}/export?format=${f.id}`} download data-testid={`export-${f.id}`}>
              Download
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
