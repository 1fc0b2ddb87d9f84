import { useEffect, useState } from 'react';

/** Copies text to the clipboard and says so for two seconds. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  const copy = () => {
    // The clipboard API needs a secure context (https or localhost); elsewhere say so instead of failing silently.
    if (!navigator.clipboard) return setState('failed');
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button type="button" onClick={copy} data-testid={testId}>
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Select and copy by hand' : 'Copy'}
    </button>
  );
}
