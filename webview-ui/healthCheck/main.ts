import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './styles.css';
import {
  AREA_TITLES,
  HealthHostMessageSchema,
  VERDICT_ORDER,
  HealthPanelStateSchema,
  type CheckView,
  type FindingView,
  type HealthButton,
  type HealthReportState,
  type HealthViewMessage,
} from '../../src/protocol/healthCheck';
import { formatDuration } from '../../src/shared/format';
import { connectToExtension } from '../shared/bootstrap';
import { el } from '../shared/dom';

// The health check report. Everything from the host is validated before use and inserted as
// text (textContent), never as HTML: titles, evidence and command output are remote text.

type Verdict = FindingView['verdict'];
type Area = FindingView['area'];

const extension = connectToExtension<HealthViewMessage>();
const root = document.getElementById('root') as HTMLElement;

const AREAS = Object.entries(AREA_TITLES) as [Area, string][];
const GLYPH: Record<Verdict, string> = { pass: '✔', warning: '⚠', failure: '✖' };

// The whole report is re-rendered on every state; remember which outputs the user opened so a
// check finishing elsewhere does not snap them shut.
const openDetails = new Set<string>();

function render(state: HealthReportState): void {
  const toolbar = el('div', 'toolbar');
  const summary = el('p', 'summary');
  summary.id = 'summary';
  summary.setAttribute('aria-live', 'polite');
  if (state.running) summary.append(el('vscode-progress-ring', 'ring'));
  summary.append(
    el('span', '', `${countsText(state.counts)} · ${state.running ? 'Running…' : tookText(state.durationMs)}`),
  );
  // "Run again" only makes sense when some check failed or could not run.
  const somethingFailed = state.checks.some(
    (c) => c.state === 'error' || c.findings.some((f) => f.verdict === 'failure'),
  );
  const buttons = el('div', 'buttons');
  buttons.append(
    button(
      'Run again',
      'runAgain',
      'run-again',
      false,
      state.running || !somethingFailed,
      'Run again: reruns only the checks that failed',
    ),
    button('Run all checks', 'runAll', 'run-all', true, state.running, 'Run every check again'),
    button('Copy as Markdown', 'copyMarkdown', 'copy-markdown', true, false, 'Copy the report as Markdown'),
  );
  toolbar.append(el('h1', 'title', `Health check — ${state.host}`), summary, buttons);

  const children: HTMLElement[] = [toolbar];
  for (const [area, label] of AREAS) {
    const checks = state.checks.filter((c) => c.area === area);
    if (checks.length > 0) children.push(areaSection(area, label, checks));
  }
  if (state.checks.length === 0)
    children.push(el('p', 'muted', state.running ? 'Starting the checks…' : 'No checks ran.'));
  root.replaceChildren(...children);
}

function areaSection(area: Area, label: string, checks: CheckView[]): HTMLElement {
  const findings = checks
    .flatMap((c) => c.findings)
    .sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]);
  const counts = { failure: 0, warning: 0, pass: 0 };
  for (const f of findings) counts[f.verdict]++;
  // A check that could not run is as bad as a failure for the area's verdict.
  counts.failure += checks.filter((c) => c.state === 'error').length;
  const worst: Verdict = counts.failure ? 'failure' : counts.warning ? 'warning' : 'pass';

  const section = el('section', `area area-${worst}`);
  section.dataset.area = area;
  const head = el('h2', 'area-head');
  head.append(marker(worst), el('span', '', label), el('span', 'muted area-counts', countsText(counts)));
  section.append(head);
  for (const c of checks) {
    if (c.state === 'error')
      section.append(el('p', 'check-error', `Could not check ${c.title}: ${c.error ?? 'unknown error'}`));
    if (c.state === 'running') section.append(el('p', 'check-running muted', `Checking ${c.title}…`));
  }
  for (const f of findings) section.append(findingRow(f));
  return section;
}

function findingRow(f: FindingView): HTMLElement {
  const row = el('div', `finding verdict-${f.verdict}`);
  row.dataset.area = f.area;
  const body = el('div', 'finding-body');
  body.append(el('div', 'finding-title', f.title), el('div', 'evidence', f.evidence));
  if (f.details !== undefined) {
    const key = `${f.area}\n${f.title}`;
    const details = el('details', 'details');
    details.open = openDetails.has(key);
    details.addEventListener('toggle', () => (details.open ? openDetails.add(key) : openDetails.delete(key)));
    details.append(el('summary', '', 'Show output'), el('pre', 'output', f.details));
    body.append(details);
  }
  row.append(marker(f.verdict), body);
  if (f.action) {
    const action = f.action;
    const b = el('vscode-button', 'finding-action', action.label);
    b.secondary = true;
    b.addEventListener('click', () => extension.post({ type: 'health/action', action }));
    row.append(b);
  }
  return row;
}

/** The verdict as a glyph for the eye and a word for screen readers (the glyph itself is hidden). */
function marker(verdict: Verdict): HTMLElement {
  const box = el('span', `marker marker-${verdict}`);
  const glyph = el('span', 'glyph', GLYPH[verdict]);
  glyph.setAttribute('aria-hidden', 'true');
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', verdict);
  box.title = verdict;
  box.append(glyph, el('span', 'visually-hidden', verdict));
  return box;
}

function countsText(counts: Record<Verdict, number>): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(counts.failure, 'failure')} · ${plural(counts.warning, 'warning')} · ${counts.pass} passed`;
}

/** "took 4.2 s" for a quick run, formatDuration's "1m 5s" for a long one. */
function tookText(durationMs: number | undefined): string {
  if (durationMs === undefined) return 'done';
  return durationMs < 60_000 ? `took ${(durationMs / 1000).toFixed(1)} s` : `took ${formatDuration(durationMs / 1000)}`;
}

function button(
  label: string,
  which: HealthButton,
  id: string,
  secondary: boolean,
  disabled: boolean,
  title: string,
): HTMLElement {
  const b = el('vscode-button', '', label);
  b.id = id;
  b.secondary = secondary;
  b.disabled = disabled;
  b.title = title;
  b.setAttribute('aria-label', title);
  // vscode-button still dispatches clicks while disabled; ignore them here.
  b.addEventListener('click', () => {
    if (!b.disabled) extension.post({ type: 'health/button', button: which });
  });
  return b;
}

extension.start({
  hostMessages: HealthHostMessageSchema,
  savedState: HealthPanelStateSchema,
  stateToSave: (message) => ({ host: message.state.host }),
  showWaiting: (saved) =>
    root.replaceChildren(el('p', 'muted', saved ? `Checking the health of ${saved.host}…` : 'Checking host health…')),
  onMessage: (message) => render(message.state),
  ready: { type: 'health/ready' },
});
