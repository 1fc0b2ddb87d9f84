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

/** Downloads of the project's submitted annotations (the browser saves the file the server sends). */
export function ExportPanel({ project }: { project: Project }) {
  if (project.kind !== 'image') return <p className="muted">Exports of audio projects come with the transcription page.</p>;
  return (
    <div className="export-panel">
      <p className="muted">Each export holds the latest submitted annotation of every submitted or completed task.</p>
      <ul className="export-list">
        {FORMATS.map((f) => (
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
