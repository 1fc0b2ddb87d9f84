import { useMemo, useState } from 'react';
import { HttpError } from '../api/http';
import { validateDraft, type FieldErrors, type ProjectDraft } from '../components/project-draft';

/**
 * A project form's draft and its errors. The client's own checks show once the person has tried to
 * send; the server's field errors show until the next edit (their indexes may no longer match).
 */
export function useProjectForm(initial: () => ProjectDraft) {
  const [draft, setDraftState] = useState(initial);
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const clientErrors = useMemo(() => validateDraft(draft), [draft]);
  const errors = useMemo(() => ({ ...(tried ? clientErrors : {}), ...serverErrors }), [tried, clientErrors, serverErrors]);
  return {
    draft,
    errors,
    setDraft: (next: ProjectDraft) => {
      setDraftState(next);
      setServerErrors({});
    },
    /** Marks an attempt to send; true when the client found nothing wrong. */
    check: () => {
      setTried(true);
      setServerErrors({});
      return Object.keys(clientErrors).length === 0;
    },
    /** Shows the server's field errors of a failed send. */
    fail: (e: unknown) => {
      if (e instanceof HttpError && e.body.fields) setServerErrors(e.body.fields);
    },
    reset: (next: ProjectDraft) => {
      setDraftState(next);
      setTried(false);
      setServerErrors({});
    },
  };
}
