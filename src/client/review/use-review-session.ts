import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { ReviewClaimResponse, ReviewComment, ReviewResult } from '../../shared/review.schema';
import { sendHeartbeat } from '../api/hooks';
import { HttpError } from '../api/http';
import { acceptReview, claimReview, rejectReview, saveReviewDraft } from '../api/review-hooks';
import { useEditorStore } from '../state/editor-store';

const AUTOSAVE_DELAY_MS = 1000;
const HEARTBEAT_MS = 60_000;

type Claim = ReviewClaimResponse & { task: NonNullable<ReviewClaimResponse['task']>; lease: NonNullable<ReviewClaimResponse['lease']>; base: AnnotationDocument };

export type ReviewSession =
  | { phase: 'loading' }
  | { phase: 'empty'; last: ReviewResult | null }
  | { phase: 'error'; message: string }
  | { phase: 'working'; claim: Claim; submissionId: string; saving: 'saved' | 'pending' | 'failed'; deciding: boolean; notice: string | null; last: ReviewResult | null };

/**
 * The reviewer's loop on one project: lease the next review pass, open the work under review in the
 * editor (or the reviewer's own saved fix), autosave the fix, keep the lease, then accept or reject and
 * take the next one. The version under review stays in `claim.base` for the diff and the ghost.
 */
export function useReviewSession(projectId: string) {
  const [session, setSession] = useState<ReviewSession>({ phase: 'loading' });
  const open = useEditorStore((s) => s.open);
  const doc = useEditorStore((s) => s.editor.doc);
  const lastSaved = useRef<unknown>(null);
  const claim = session.phase === 'working' ? session.claim : null;

  const takeNext = useCallback(async (last: ReviewResult | null = null) => {
    setSession({ phase: 'loading' });
    try {
      const c = await claimReview(projectId);
      if (!c.task || !c.lease || !c.base) return setSession({ phase: 'empty', last });
      const size = c.task.data.kind === 'image' ? { width: c.task.data.width, height: c.task.data.height } : { width: 1, height: 1 };
      open(c.draft ?? c.base, size);
      lastSaved.current = useEditorStore.getState().editor.doc;
      setSession({ phase: 'working', claim: c as Claim, submissionId: crypto.randomUUID(), saving: 'saved', deciding: false, notice: c.draft ? 'Your unsaved fix was restored.' : null, last });
    } catch (e) {
      setSession({ phase: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }, [projectId, open]);

  useEffect(() => {
    void takeNext();
  }, [takeNext]);

  useEffect(() => {
    if (!claim || doc === lastSaved.current) return;
    setSession((s) => (s.phase === 'working' ? { ...s, saving: 'pending' } : s));
    const timer = setTimeout(() => {
      saveReviewDraft(claim.task.id, claim.lease.token, doc)
        .then(() => {
          lastSaved.current = doc;
          setSession((s) => (s.phase === 'working' && s.claim === claim ? { ...s, saving: 'saved' } : s));
        })
        .catch(() => setSession((s) => (s.phase === 'working' ? { ...s, saving: 'failed' } : s)));
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [doc, claim]);

  useEffect(() => {
    if (!claim) return;
    const timer = setInterval(() => {
      sendHeartbeat(claim.task.id, claim.lease.token).catch((e: unknown) => {
        if (e instanceof HttpError && e.status === 409) setSession((s) => (s.phase === 'working' ? { ...s, notice: e.message } : s));
      });
    }, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [claim]);

  const decide = useCallback(async (send: (taskId: string, leaseToken: string, submissionId: string) => Promise<ReviewResult>) => {
    if (session.phase !== 'working' || session.deciding) return;
    const { claim: c, submissionId } = session;
    setSession({ ...session, deciding: true });
    try {
      const result = await send(c.task.id, c.lease.token, submissionId);
      await takeNext(result);
    } catch (e) {
      const message = e instanceof HttpError ? [e.message, ...Object.entries(e.body.fields ?? {}).map(([k, v]) => `${k}: ${v}`)].join(' · ') : String(e);
      setSession((s) => (s.phase === 'working' ? { ...s, deciding: false, notice: message } : s));
    }
  }, [session, takeNext]);

  /** Accepts the work: as it is, or with the fixes made in the editor (the server tells which). */
  const accept = useCallback(() => decide((taskId, leaseToken, submissionId) =>
    acceptReview(taskId, { leaseToken, submissionId, document: useEditorStore.getState().editor.doc })), [decide]);

  /** Sends the task back to its labeler with comments. */
  const reject = useCallback((comments: ReviewComment[]) => decide((taskId, leaseToken, submissionId) =>
    rejectReview(taskId, { leaseToken, submissionId, comments })), [decide]);

  return { session, accept, reject, takeNext };
}
