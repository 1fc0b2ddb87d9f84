import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { FindingRecord, GoldFeedback } from '../../shared/quality.schema';
import { compareAudio, joinTranscript, spanAt, stretchOf, type JoinedTranscript } from '../../core/quality/audio-findings';
import type { TranscriptDiffPiece } from '../../core/quality/transcript-findings';
import { player } from '../audio/player';
import { timeLabel } from '../audio/time-label';
import './quality.css';
import { useEnterToAcknowledge } from './use-enter-to-acknowledge';

type Span = { startSec: number; endSec: number };

const SEGMENT_TYPES = new Set(['speaker_error', 'segment_timing', 'missing_tag']);
const TYPE_LABELS: Record<string, string> = {
  speaker_error: 'Speaker', segment_timing: 'Timing', missing_tag: 'Missing tag', punctuation_casing: 'Punctuation / capitals', too_fast: 'Too fast',
};

type Props = {
  feedback: GoldFeedback;
  /** The labeler's own transcript, as submitted. */
  answer: AnnotationDocument;
  glossary: readonly string[];
  onAcknowledge: () => void;
  acknowledgeLabel?: string;
  footer?: string;
  /** Where the reference comes from: a gold answer (default) or a reviewer's fix. */
  source?: 'gold' | 'review';
};

/**
 * Inline feedback on an audio task after a gold submit, a practice answer or a reviewer's fix: the
 * transcript diff segment by segment (the labeler's wrong words struck, the reference's words inserted,
 * glossary terms marked), a play button at each difference that plays that stretch of the clip, and the
 * speaker, timing and tag findings under the segment they concern. The diff is recomputed here with the
 * same core comparison the server judged with; the findings' explanations come from the server. Enter or
 * the button acknowledges.
 */
export function TranscriptFeedback({ feedback, answer, glossary, onAcknowledge, acknowledgeLabel = 'Got it — next task', footer, source = 'gold' }: Props) {
  useEnterToAcknowledge(onAcknowledge);
  const play = (s: Span) => player.playSpan(s);
  const other = feedback.findings.filter((f) => !SEGMENT_TYPES.has(f.type) && TYPE_LABELS[f.type]);
  const title = source === 'review'
    ? `Reviewer’s fix: ${feedback.objectsCorrect} of ${feedback.objectsTotal} words unchanged`
    : feedback.findings.length === 0 ? 'All right — this matches the reference' : `Gold check: ${feedback.objectsCorrect} of ${feedback.objectsTotal} words right`;
  return (
    <div className="transcript-feedback" role="dialog" aria-label={source === 'review' ? 'Reviewer feedback' : 'Gold check'} data-testid="transcript-feedback">
      <h3 data-testid="transcript-feedback-title">{title}</h3>
      <p className="muted small">
        <del className="diff-del">struck</del>: what you typed that is wrong · <ins className="diff-ins">green</ins>: what {source === 'review' ? 'the reviewer wrote' : 'is said'} · <span className="diff-term-badge">glossary</span> a glossary term
      </p>
      <TranscriptDiff reference={feedback.reference} answer={answer} glossary={glossary} findings={feedback.findings} play={play} />
      {other.length > 0 && (
        <ul className="finding-list" data-testid="other-findings">
          {other.map((f) => (
            <li key={f.id} data-testid="finding-item" data-finding-type={f.type}><span className="finding-type">{TYPE_LABELS[f.type]}</span> {f.explanation}</li>
          ))}
        </ul>
      )}
      {footer && <p className="small" data-testid="feedback-footer">{footer}</p>}
      <button className="primary" autoFocus onClick={onAcknowledge} data-testid="acknowledge-feedback" title="Enter">
        {acknowledgeLabel} (Enter)
      </button>
    </div>
  );
}

type DiffProps = {
  reference: AnnotationDocument;
  answer: AnnotationDocument;
  glossary: readonly string[];
  /** The server's findings: segment findings are listed under their segment, word findings give the pieces their explanation. */
  findings?: readonly FindingRecord[];
  /** Without it, no play buttons (the course's examples). */
  play?: (span: Span) => void;
};

/** The word diff of a transcript against its reference, one row per reference segment (see {@link TranscriptFeedback}). */
export function TranscriptDiff({ reference, answer, glossary, findings = [], play }: DiffProps) {
  const ref = joinTranscript(reference);
  const hyp = joinTranscript(answer);
  const { diff } = compareAudio(answer, reference, { glossary });
  const groups = groupBySegment(diff, ref);
  const explain = (p: TranscriptDiffPiece) =>
    findings.find((f) => (p.refStart !== undefined && f.detail.refStart === p.refStart) || (p.refStart === undefined && p.hypStart !== undefined && f.detail.hypStart === p.hypStart && f.detail.refStart === undefined))?.explanation;
  return (
    <ol className="transcript-diff" data-testid="transcript-diff">
      {ref.spans.map((s, i) => {
        const pieces = groups.get(s.id) ?? [];
        const segFindings = findings.filter((f) => SEGMENT_TYPES.has(f.type) && f.referenceId === s.id);
        return (
          <li key={s.id} className="diff-segment" data-testid="diff-segment">
            <div className="diff-segment-head">
              {play && <button className="small" onClick={() => play(s)} title="Play this segment" data-testid="diff-play-segment">▶</button>}{' '}
              <span className="muted">{i + 1} · {timeLabel(s.startSec)}–{timeLabel(s.endSec)}{s.speaker ? ` · ${s.speaker}` : ''}</span>
            </div>
            <p className="diff-words">{renderPieces(pieces, ref, hyp, explain, play)}</p>
            {segFindings.length > 0 && (
              <ul className="segment-findings">
                {segFindings.map((f) => (
                  <li key={f.id} data-testid="segment-finding" data-finding-type={f.type}>
                    {play && typeof f.detail.startSec === 'number' && (
                      <button className="small" onClick={() => play({ startSec: f.detail.startSec as number, endSec: f.detail.endSec as number })} title="Play" data-testid="diff-play">▶</button>
                    )}{' '}
                    <span className="finding-type">{TYPE_LABELS[f.type]}</span> {f.explanation}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
      {ref.spans.length === 0 && (
        <li className="diff-segment" data-testid="diff-segment"><p className="diff-words">{renderPieces(diff, ref, hyp, explain, play)}</p></li>
      )}
    </ol>
  );
}

/** Pieces by the reference segment they fall in; an inserted word goes with the reference word before it (the first segment at the start). */
function groupBySegment(diff: readonly TranscriptDiffPiece[], ref: JoinedTranscript): Map<string, TranscriptDiffPiece[]> {
  const out = new Map<string, TranscriptDiffPiece[]>(ref.spans.map((s) => [s.id, []]));
  let current = ref.spans[0]?.id;
  for (const p of diff) {
    if (p.refStart !== undefined) current = spanAt(ref, p.refStart)?.id ?? current;
    if (current !== undefined) out.get(current)!.push(p);
  }
  return out;
}

function renderPieces(
  pieces: readonly TranscriptDiffPiece[],
  ref: JoinedTranscript,
  hyp: JoinedTranscript,
  explain: (p: TranscriptDiffPiece) => string | undefined,
  play: ((s: Span) => void) | undefined,
) {
  const out: React.ReactNode[] = [];
  pieces.forEach((p, k) => {
    if (k > 0) out.push(' ');
    if (p.op === 'equal') {
      out.push(<span key={k}>{p.hyp}</span>);
      return;
    }
    const stretch = p.refStart !== undefined ? stretchOf(ref, p.refStart, p.refEnd!) : p.hypStart !== undefined ? stretchOf(hyp, p.hypStart, p.hypEnd!) : undefined;
    const startsTerm = p.term !== undefined && pieces[k - 1]?.term !== p.term;
    out.push(
      <span key={k} className={`diff-change diff-${p.op}${p.term ? ' diff-glossary' : ''}`} data-testid="diff-change" data-op={p.op} data-term={p.term} title={explain(p)}>
        {startsTerm && <span className="diff-term-badge" data-testid="diff-term">glossary: {p.term}</span>}
        {p.hyp !== undefined && <del className="diff-del" data-testid="diff-del">{p.hyp}</del>}
        {p.ref !== undefined && <ins className="diff-ins" data-testid="diff-ins">{p.ref}</ins>}
        {play && stretch && <button className="diff-play" onClick={() => play(stretch)} title={`Play ${timeLabel(stretch.startSec)}–${timeLabel(stretch.endSec)}`} data-testid="diff-play">▶</button>}
      </span>,
    );
  });
  return out;
}
