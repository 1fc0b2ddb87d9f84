import { FieldError } from './FieldError';
import type { FieldErrors, SettingsDraft } from './project-draft';

const REVIEW_HINTS: Record<0 | 1 | 2, string> = {
  0: 'A task is done as soon as a labeler submits it. Fastest and cheapest; quality rests on your labelers and the gold tasks.',
  1: 'A reviewer checks and fixes each task before it is done. Catches most mistakes; each result arrives later, after a reviewer’s turn.',
  2: 'Two reviewers check each task one after the other. The most careful option for data where errors are costly; the slowest, as every task waits for two reviews.',
};

type Props = { settings: SettingsDraft; onChange: (s: SettingsDraft) => void; errors: FieldErrors };

/** The queue settings: how long a lease lasts, how often a task may be tried, how many reviews, and the SSRF guard. */
export function SettingsFields({ settings, onChange, errors }: Props) {
  const set = (patch: Partial<SettingsDraft>) => onChange({ ...settings, ...patch });
  return (
    <fieldset className="settings-fields">
      <legend>Queue settings</legend>
      <div className="field-grid">
        <label className="field">
          <span>Lease time (minutes)</span>
          <input
            type="number"
            min={0.17}
            max={1440}
            step="any"
            value={settings.leaseTtlMin}
            onChange={(e) => set({ leaseTtlMin: e.target.value })}
            data-testid="lease-ttl"
          />
          <small className="muted">How long a task stays reserved after the labeler’s page stops checking in (closed tab, lost connection). Shorter returns abandoned tasks sooner.</small>
          <FieldError errors={errors} path="settings.leaseTtlMs" />
        </label>
        <label className="field">
          <span>Max attempts</span>
          <input type="number" min={1} max={100} step={1} value={settings.maxAttempts} onChange={(e) => set({ maxAttempts: e.target.value })} data-testid="max-attempts" />
          <small className="muted">After its lease has run out this many times a task is set aside as an error for you to look at.</small>
          <FieldError errors={errors} path="settings.maxAttempts" />
        </label>
      </div>
      <div className="field" role="radiogroup" aria-label="Review passes">
        <span>Review passes</span>
        <div className="segmented">
          {([0, 1, 2] as const).map((n) => (
            <label key={n} className={settings.reviewPasses === n ? 'segment active' : 'segment'} data-testid={`review-passes-${n}`}>
              <input type="radio" name="review-passes" checked={settings.reviewPasses === n} onChange={() => set({ reviewPasses: n })} />
              {n === 0 ? 'None' : n === 1 ? '1 pass' : '2 passes'}
            </label>
          ))}
        </div>
        <small className="hint-text" data-testid="review-hint">{REVIEW_HINTS[settings.reviewPasses]}</small>
        <FieldError errors={errors} path="settings.reviewPasses" />
      </div>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={settings.allowPrivateUrls} onChange={(e) => set({ allowPrivateUrls: e.target.checked })} data-testid="allow-private-urls" />
          Allow private URLs
        </label>
        {settings.allowPrivateUrls ? (
          <p className="warning" role="note" data-testid="private-urls-warning">
            ⚠ The server will fetch attachments and call webhooks on localhost and private network addresses (10.x, 192.168.x, cloud metadata …).
            Anyone who can create tasks in this project could make it reach your internal services. Turn this on only for media hosted inside your own network.
          </p>
        ) : (
          <small className="muted">Off: attachment and callback URLs must be public addresses, which guards your network against request forgery.</small>
        )}
        <FieldError errors={errors} path="settings.allowPrivateUrls" />
      </div>
      <div className="field-grid">
        <label className="field">
          <span>Masks</span>
          <select value={settings.maskMode ?? 'instance'} onChange={(e) => set({ maskMode: e.target.value as 'instance' | 'semantic' })} data-testid="mask-mode">
            <option value="instance">Instances: each painted object its own mask</option>
            <option value="semantic">Semantic: one mask per class</option>
          </select>
          <FieldError errors={errors} path="settings.maskMode" />
        </label>
        <label className="field">
          <span>Painting over other masks</span>
          <select value={settings.maskOverlap ?? 'paint-over'} onChange={(e) => set({ maskOverlap: e.target.value as 'paint-over' | 'unlabeled-only' })} data-testid="mask-overlap">
            <option value="paint-over">Paint over: the new paint takes the pixels</option>
            <option value="unlabeled-only">Only unlabeled pixels</option>
          </select>
          <FieldError errors={errors} path="settings.maskOverlap" />
        </label>
      </div>
      <FieldError errors={errors} path="settings" />
    </fieldset>
  );
}

export function isSettingsPath(path: string): boolean {
  return path === 'settings' || ['leaseTtlMs', 'maxAttempts', 'reviewPasses', 'allowPrivateUrls', 'maskMode', 'maskOverlap'].some((k) => path === `settings.${k}`);
}
