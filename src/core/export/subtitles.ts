import type { AnnotationDocument } from '../../shared/annotation.schema';
import { timedSegments } from '../audio/transcript';

/**
 * `hh:mm:ss.mmm` (WebVTT) or `hh:mm:ss,mmm` (SRT) for a time in seconds, rounded to the millisecond.
 * Why whole milliseconds first: 1.0005 s must not print as 00:00:01.000 in one place and .001 in another.
 */
export function cueTime(sec: number, separator: '.' | ',' = '.'): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}${separator}${String(rest).padStart(3, '0')}`;
}

/** Cue text: line breaks and runs of spaces collapsed (a cue's blank line would end it early). */
function cueText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * WebVTT of an audio document: one cue per segment in time order, identified by the segment's id, the
 * speaker as a voice span (`<v Alice>`), tags inline as `[inaudible]`. Segments without text are kept (a
 * cue with no words says someone spoke there). `&`, `<` and `>` are escaped as WebVTT requires.
 */
export function toWebVtt(doc: AnnotationDocument): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const cues = timedSegments(doc).map((s) => {
    const text = escape(cueText(s.inlineText));
    const voice = s.speaker ? `<v ${escape(s.speaker.replace(/\s+/g, ' '))}>` : '';
    return `${s.id}\n${cueTime(s.startSec)} --> ${cueTime(s.endSec)}\n${voice}${text}\n`;
  });
  return ['WEBVTT\n', ...cues].join('\n');
}

/**
 * SRT of an audio document: cues numbered from 1 in time order, times with a comma, the speaker as a
 * `Name: ` prefix (SRT has no voice markup), tags inline. Lines end with CRLF, as most SRT readers expect.
 */
export function toSrt(doc: AnnotationDocument): string {
  return timedSegments(doc)
    .map((s, i) => {
      const text = cueText(s.inlineText);
      const line = s.speaker ? `${s.speaker}: ${text}`.trim() : text;
      return `${i + 1}\r\n${cueTime(s.startSec, ',')} --> ${cueTime(s.endSec, ',')}\r\n${line}\r\n`;
    })
    .join('\r\n');
}
