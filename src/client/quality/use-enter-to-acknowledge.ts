import { useEffect } from 'react';
import { isTypingTarget } from '../components/typing-target';

/**
 * Enter acknowledges feedback (once: not a held key's repeats, not with Ctrl/Cmd, not Enter typed into a field),
 * before the page's own keys see it.
 */
export function useEnterToAcknowledge(onAcknowledge: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.repeat || e.ctrlKey || e.metaKey || isTypingTarget(e.target)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      onAcknowledge();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onAcknowledge]);
}
