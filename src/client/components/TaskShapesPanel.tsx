import { classNameOf, type Ontology } from '../../shared/project.schema';
import type { TaskShapes } from '../../shared/task.schema';

/**
 * What a customer's task asks for, above the tools: which classes to draw as boxes and which as polygons,
 * with the task's limits. The submit is checked against the same (document-rules), so the labeler learns
 * them here rather than from a refusal.
 */
export function TaskShapesPanel({ shapes, ontology }: { shapes: TaskShapes; ontology: Ontology }) {
  const names = (ids: readonly string[]) => ids.map((id) => classNameOf(ontology, id)).join(', ');
  const { box, polygon } = shapes;
  const boxLimit = box && (box.minWidth !== undefined || box.minHeight !== undefined) ? `at least ${box.minWidth ?? 0} × ${box.minHeight ?? 0} px` : null;
  const vertexLimit = polygon && (polygon.minVertices !== undefined || polygon.maxVertices !== undefined)
    ? polygon.maxVertices === undefined ? `at least ${polygon.minVertices} vertices`
      : polygon.minVertices === undefined ? `at most ${polygon.maxVertices} vertices`
        : `${polygon.minVertices}–${polygon.maxVertices} vertices`
    : null;
  return (
    <section className="task-shapes" aria-label="This task asks for" data-testid="task-shapes">
      <h3>This task asks for</h3>
      <ul>
        {box && <li data-testid="task-shapes-box"><b>Boxes</b>: {names(box.classIds)}{boxLimit && <span className="muted"> · {boxLimit}</span>}</li>}
        {polygon && <li data-testid="task-shapes-polygon"><b>Polygons</b>: {names(polygon.classIds)}{vertexLimit && <span className="muted"> · {vertexLimit}</span>}</li>}
      </ul>
    </section>
  );
}
