import { Suspense } from 'react';
import { LazyMarkdown } from './LazyMarkdown';

/** A customer's instruction for this one task (Scale's `instruction`), shown open above the tools. */
export function TaskInstruction({ text }: { text: string }) {
  return (
    <section className="task-instruction" aria-label="For this task" data-testid="task-instruction">
      <h3>For this task</h3>
      <div className="instructions-text">
        <Suspense fallback={<p>{text}</p>}>
          <LazyMarkdown>{text}</LazyMarkdown>
        </Suspense>
      </div>
    </section>
  );
}
