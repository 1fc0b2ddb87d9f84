import type { FieldErrors } from './project-draft';

/** The reason a field was refused, next to it; nothing when the field is fine. */
export function FieldError({ errors, path }: { errors: FieldErrors; path: string }) {
  const reason = errors[path];
  if (!reason) return null;
  return (
    <span className="field-error" role="alert" data-testid={`error-${path}`}>
      {reason}
    </span>
  );
}

/** Errors whose path no field on the form shows (e.g. from a newer server), listed so none is lost. */
export function OtherErrors({ errors, shown }: { errors: FieldErrors; shown: (path: string) => boolean }) {
  const rest = Object.entries(errors).filter(([path]) => !shown(path));
  if (rest.length === 0) return null;
  return (
    <ul className="field-error other-errors" role="alert">
      {rest.map(([path, reason]) => (
        <li key={path}>
          <code>{path}</code>: {reason}
        </li>
      ))}
    </ul>
  );
}
