import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClaimResponse } from '../../shared/task.schema';
import { classNameOf, type Ontology } from '../../shared/project.schema';
import { attributeProblems } from '../../core/document/attributes';
import { categoryProblems } from '../../core/document/categories';
import { shapeProblems } from '../../core/document/shapes';
import type { GoldFeedback, Pattern } from '../../shared/quality.schema';
import { claimNext, peekNext, saveDraft, sendHeartbeat, skipTask, submitTask } from '../api/hooks';
import { fetchMyPatterns, postponeCourse } from '../api/quality-hooks';
import { HttpError } from '../api/http';
import { useEditorStore } from './editor-store';
import { clearLocalDraft, loadLocalDraft, saveLocalDraft } from './local-drafts';
import { loadImage } from '../canvas/image-cache';
import { prefetchPeaks } from '../audio/peaks';

/** How long after the last change the draft is saved to the server. */
const AUTOSAVE_DELAY_MS = 1000;
/** How often an open task renews its lease (well inside the shortest TTL a project may set). */
const HEARTBEAT_MS = 60_000;

type Current = { task: NonNullable<ClaimResponse['task']>; lease: NonNullable<ClaimResponse['lease']>; submissionId: string; rework: ClaimResponse['rework'] };

export type LabelSession =
  | { phase: 'loading' }
  | { phase: 'empty'; waiting?: 'calibration' }
  | { phase: 'error'; message: string }
  | { phase: 'working'; current: Current; saving: SaveState; submitting: boolean; notice: string | null; feedback?: GoldFeedback }
  /** An error pattern is active: offer its course before the next task. */
  | { phase: 'course-prompt'; pattern: Pattern };

/** `saved`: on the server; `pending`: a save is due; `local`: only on this device (the server will be retried); `failed`: neither. */
export type SaveState = 'saved' | 'pending' | 'local' | 'failed';

/** The prompt for a project that asks new labelers to qualify first (not a pattern: nothing went wrong yet). */
const ONBOARDING_PROMPT: Pattern = {
  key: 'onboarding', findingType: 'onboarding', observations: 0, hits: 0, probability: 0, mandatory: true, postponed: false,
  summary: 'This project asks new labelers to pass a short onboarding course first',
};

/** Starts downloading a claimed task's image as soon as an answer's headers name it (see TASK_IMAGE_HEADER). */
const startImage = (url: string) => void loadImage(url).catch(() => undefined);

/** How long after the last change the draft is copied to this device. */
const LOCAL_SAVE_DELAY_MS = 200;

/**
 * The labeler's loop on one project: lease a task, keep the lease alive, autosave the draft,
 * submit, and lease the next one.
 */
export function useLabelSession(projectId: string, signedInUserId: string | null, ontology: Ontology | undefined) {
  // Why wait for the user: local drafts are kept per user id, so a claim is only opened once it is known
  // (the app shell loads the user before any page, so in practice this never waits).
  const userId = signedInUserId ?? '';
  const [session, setSession] = useState<LabelSession>({ phase: 'loading' });
  const open = useEditorStore((s) => s.open);
  const doc = useEditorStore((s) => s.editor.doc);
  const current = session.phase === 'working' ? session.current : null;
  // After a gold submit the lease is closed: nothing more to autosave while its feedback is shown.
  const inFeedback = session.phase === 'working' && session.feedback !== undefined;
  const lastSaved = useRef<unknown>(null);

  /**
   * Opens a claim's answer: its task on the canvas, or the course or empty page it calls for. `pending` is a
   * claim request (its answer's headers may name the image first) or an answer already in hand.
   */
  const openClaim = useCallback(async (pending: Promise<ClaimResponse> | ClaimResponse) => {
    try {
      const claim = await pending;
      if (claim.courseRequired === 'onboarding') return setSession({ phase: 'course-prompt', pattern: ONBOARDING_PROMPT });
      if (claim.courseRequired) {
        const pattern = (await fetchMyPatterns(projectId)).find((p) => p.findingType === claim.courseRequired);
        if (pattern) return setSession({ phase: 'course-prompt', pattern });
      }
      if (!claim.task || !claim.lease) return setSession({ phase: 'empty', waiting: claim.waiting });
      // (Joins the download above; starts it if the answer had no Link header.)
      if (claim.task.data.kind === 'image') void loadImage(claim.task.data.imageUrl).catch(() => undefined);
      const size = claim.task.data.kind === 'image' ? { width: claim.task.data.width, height: claim.task.data.height } : { width: 1, height: 1 };
      // The copy on this device is never older than the server's (it is written first), so it wins.
      const local = await loadLocalDraft(userId, claim.task.id);
      const startDoc = local ?? claim.draft ?? { objects: [] };
      open(startDoc, size);
      // A local copy may hold work the server never got: leave it unsaved so autosave sends it.
      lastSaved.current = local ? null : useEditorStore.getState().editor.doc;
      setSession({
        phase: 'working',
        current: { task: claim.task, lease: claim.lease, submissionId: crypto.randomUUID(), rework: claim.rework ?? null },
        saving: 'saved',
        submitting: false,
        notice: claim.rework ? 'A reviewer sent this task back: see their comments.' : local ? 'Your work on this device was restored.' : claim.draft ? 'Your draft was restored.' : null,
      });
    } catch (e) {
      setSession({ phase: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }, [projectId, userId, open]);

  /** Leases the next task; `keepScreen` leaves the submitted task on screen until the next one is ready, instead of a loading page. */
  const takeNext = useCallback(async (keepScreen = false) => {
    if (!keepScreen) setSession({ phase: 'loading' });
    // The image starts downloading as soon as the claim's headers name it, before thousands of objects are parsed and laid out.
    await openClaim(claimNext(projectId, startImage));
  }, [projectId, openClaim]);

  useEffect(() => {
    if (!userId) return;
    // Opening the page: offer the course of an active pattern first (unless already postponed once; the
    // prompt then comes again after the next gold task).
    let live = true;
    void (async () => {
      const pattern = await fetchMyPatterns(projectId).then((ps) => ps.find((p) => p.mandatory || !p.postponed), () => undefined);
      if (!live) return;
      if (pattern) setSession({ phase: 'course-prompt', pattern });
      else await takeNext();
    })();
    return () => {
      live = false;
    };
  }, [takeNext, projectId, userId]);

  // Autosave: debounced after each change to the document.
  useEffect(() => {
    if (!current || inFeedback || doc === lastSaved.current) return;
    setSession((s) => (s.phase === 'working' ? { ...s, saving: 'pending' } : s));
    let local = false;
    const localTimer = setTimeout(() => {
      saveLocalDraft(userId, current.task.id, doc).then(() => (local = true), () => undefined);
    }, LOCAL_SAVE_DELAY_MS);
    const timer = setTimeout(() => {
      saveDraft(current.task.id, current.lease.token, doc)
        .then(() => {
          lastSaved.current = doc;
          setSession((s) => (s.phase === 'working' && s.current === current ? { ...s, saving: 'saved' } : s));
        })
        .catch(() => setSession((s) => (s.phase === 'working' ? { ...s, saving: local ? 'local' : 'failed' } : s)));
    }, AUTOSAVE_DELAY_MS);
    return () => {
      clearTimeout(localTimer);
      clearTimeout(timer);
    };
  }, [doc, current, userId, inFeedback]);

  // Prefetch: while this task is labeled, fetch the image (or the waveform peaks) of the task the next claim would most likely
  // get, so it is decoded and on screen right after submit. The peek leases nothing (see
  // peekNextTask on the server); if another labeler takes that task first, the claim after submit
  // simply gets another one and only the prefetch was wasted.
  useEffect(() => {
    if (!current) return;
    let live = true;
    peekNext(projectId)
      .then(({ next }) => {
        if (!live || !next || next.taskId === current.task.id) return;
        if (next.data.kind === 'image') void loadImage(next.data.imageUrl, true).catch(() => undefined);
        else prefetchPeaks(next.data.audioUrl);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [current, projectId]);

  // Heartbeat: keeps the lease while the page is open.
  useEffect(() => {
    if (!current) return;
    const timer = setInterval(() => {
      sendHeartbeat(current.task.id, current.lease.token).catch((e: unknown) => {
        if (e instanceof HttpError && e.status === 409) {
          setSession((s) => (s.phase === 'working' ? { ...s, notice: e.message } : s));
        }
      });
    }, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [current]);

  const submit = useCallback(async () => {
    if (session.phase !== 'working' || session.submitting || session.feedback) return;
    const { current: c } = session;
    // A categorization: every question answered (the panel marks the unanswered ones).
    const data = c.task.data;
    const unanswered = data.kind === 'image' ? categoryProblems(useEditorStore.getState().editor.doc, data.categorize?.taxonomies, true)[0] : undefined;
    if (unanswered) {
      setSession({ ...session, notice: `${unanswered.taxonomy}: ${unanswered.message}` });
      return;
    }
    // Required attributes first, on this side: select the first object missing one and say what is missing.
    const missing = ontology ? attributeProblems(useEditorStore.getState().editor.doc, ontology, true)[0] : undefined;
    if (missing) {
      useEditorStore.getState().select(missing.objectId);
      setSession({ ...session, notice: `Object #${missing.objectIndex + 1}: ${missing.message}` });
      return;
    }
    // The shapes a customer's task asks for, likewise: select the first object outside them and say why.
    const doc = useEditorStore.getState().editor.doc;
    const outside = data.kind === 'image' && data.shapes && ontology ? shapeProblems(doc, data.shapes, ontology)[0] : undefined;
    if (outside && ontology) {
      const o = doc.objects[outside.objectIndex]!;
      useEditorStore.getState().select(o.id);
      setSession({ ...session, notice: `${classNameOf(ontology, o.classId)} #${outside.objectIndex + 1}: ${outside.message}` });
      return;
    }
    setSession({ ...session, submitting: true });
    try {
      // The next task comes along in the submit's answer (one round trip; none after a gold task, see below).
      const res = await submitTask(c.task.id, { leaseToken: c.lease.token, submissionId: c.submissionId, document: useEditorStore.getState().editor.doc, next: true }, startImage);
      // Why not wait for this: the device copy is only a fallback, and the next task should not wait on IndexedDB.
      void clearLocalDraft(userId, c.task.id).catch(() => undefined);
      // A gold task: show its findings over the work until the labeler acknowledges them.
      if (res.feedback) return setSession((s) => (s.phase === 'working' ? { ...s, submitting: false, feedback: res.feedback as GoldFeedback } : s));
      if (res.next) await openClaim(res.next);
      else await takeNext(true);
    } catch (e) {
      const message = e instanceof HttpError ? describe(e) : String(e);
      setSession((s) => (s.phase === 'working' ? { ...s, submitting: false, notice: message } : s));
    }
  }, [session, takeNext, openClaim, userId, ontology]);

  /** Gives the task back with a reason; the queue never offers it to this labeler again. */
  const skip = useCallback(
    async (reason: string) => {
      if (session.phase !== 'working') return;
      const { current: c } = session;
      try {
        await skipTask(c.task.id, c.lease.token, reason);
        await clearLocalDraft(userId, c.task.id);
        await takeNext();
      } catch (e) {
        const message = e instanceof HttpError ? describe(e) : String(e);
        setSession((s) => (s.phase === 'working' ? { ...s, notice: message } : s));
      }
    },
    [session, takeNext, userId],
  );

  /** After gold feedback: offer a course when a pattern is active, else open the next task. */
  const acknowledge = useCallback(async () => {
    // Leave the feedback at once, so a second Enter or click cannot acknowledge (and claim) twice.
    setSession({ phase: 'loading' });
    try {
      const pattern = (await fetchMyPatterns(projectId))[0];
      if (pattern) return setSession({ phase: 'course-prompt', pattern });
    } catch {
      // No prompt is no reason to stop labeling.
    }
    await takeNext();
  }, [projectId, takeNext]);

  /** Postpones the offered course (once) and opens the next task. */
  const postpone = useCallback(async () => {
    if (session.phase !== 'course-prompt') return;
    try {
      await postponeCourse(projectId, session.pattern.findingType);
    } finally {
      await takeNext();
    }
  }, [session, projectId, takeNext]);

  return { session, submit, skip, takeNext, acknowledge, postpone };
}

function describe(e: HttpError): string {
  const fields = e.body.fields ? Object.entries(e.body.fields).map(([k, v]) => `${k}: ${v}`) : [];
  return [e.message, ...fields].join(' · ');
}
