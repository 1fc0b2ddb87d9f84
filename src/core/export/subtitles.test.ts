import { describe, expect, it } from 'vitest';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { cueTime, toSrt, toWebVtt } from './subtitles';

const doc: AnnotationDocument = {
  objects: [
    // Out of time order on purpose: exports list cues by start time.
    { id: 'b', classId: 'speech', geometry: { kind: 'segment', startSec: 3661.0005, endSec: 3662.25 }, attributes: {}, source: 'human', version: 1, transcript: { speaker: null, text: 'bye <now> & then', tags: [] } },
    { id: 'a', classId: 'speech', geometry: { kind: 'segment', startSec: 0.5, endSec: 2 }, attributes: {}, source: 'human', version: 1, transcript: { speaker: 'Alice', text: 'deploy to\nKubernetes', tags: [{ tag: 'inaudible', offset: 7 }] } },
  ],
};

describe('subtitle exports', () => {
  it('formats cue times to the millisecond', () => {
    expect(cueTime(0)).toBe('00:00:00.000');
    expect(cueTime(3661.0005)).toBe('01:01:01.001');
    expect(cueTime(59.9999, ',')).toBe('00:01:00,000');
  });

  it('writes WebVTT: header, one cue per segment by start time, voice span, inline tags, escaping', () => {
    expect(toWebVtt(doc)).toBe(
      'WEBVTT\n\n' +
        'a\n00:00:00.500 --> 00:00:02.000\n<v Alice>deploy [inaudible] to Kubernetes\n\n' +
        'b\n01:01:01.001 --> 01:01:02.250\nbye &lt;now&gt; &amp; then\n',
    );
  });

  it('writes SRT: numbered cues, comma times, speaker prefix, CRLF', () => {
    expect(toSrt(doc)).toBe(
      '1\r\n00:00:00,500 --> 00:00:02,000\r\nAlice: deploy [inaudible] to Kubernetes\r\n\r\n' +
        '2\r\n01:01:01,001 --> 01:01:02,250\r\nbye <now> & then\r\n',
    );
  });

  it('writes only the header for an empty document', () => {
    expect(toWebVtt({ objects: [] })).toBe('WEBVTT\n');
    expect(toSrt({ objects: [] })).toBe('');
  });
});
