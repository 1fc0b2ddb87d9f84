import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Command } from '../../core/document/document';
import type { ImagePoint, Size } from '../../core/geometry/point';

/** Gestures the canvas reports to a tool, already converted to image pixels. */
export type ToolEvent =
  | { type: 'pointer.down'; point: ImagePoint }
  | { type: 'pointer.move'; point: ImagePoint }
  | { type: 'pointer.up'; point: ImagePoint }
  | { type: 'cancel' };

/** What a tool may read while handling an event. Read-only; tools never mutate the document. */
export type ToolContext = {
  readonly doc: AnnotationDocument;
  readonly imageSize: Size;
  /** The class new objects get. */
  readonly activeClassId: string | null;
  /** Smallest width and height a new box may have, in image pixels. */
  readonly minSizePx: number;
  /** Makes a fresh object id. */
  readonly newId: () => string;
};

/** Result of a handler: the tool's next state, the commands of one gesture (one history entry), and an optional hint to show. */
export type Transition<S> = { state: S; commands: Command[]; hint?: string };
