import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import './styles.css';
import {
  HostMessageSchema,
  PanelStateSchema,
  type ActionId,
  type HostMessage,
  type LogLine,
  type MonitorState,
  type ViewMessage,
} from '../../src/protocol/backupMonitor';
import { LogView } from './logView';
import { formatBytes, formatDuration } from '../../src/shared/format';
import { connectToExtension } from '../shared/bootstrap';
import { el } from '../shared/dom';

// The backup monitor panel. Everything from the host is validated before use and inserted as
// text (textContent), never as HTML: task logs are remote text.

const extension = connectToExtension<ViewMessage>();
const root = document.getElementById('root') as HTMLElement;
const header = el('header', 'header');
const timeline = el('ol', 'timeline');
const progress = el('section', 'progress');
const problems = el('section', 'problems');
const actions = el('div', 'actions');
const logView = new LogView();
root.append(header, timeline, progress, problems, actions, logView.element);

function receive(message: HostMessage): void {
  if (message.type === 'backup/state') render(message.state);
  else appendLog(message.lines, message.reset);
}

function appendLog(lines: LogLine[], reset: boolean): void {
  if (reset) logView.clear();
  logView.append(lines);
}

function send(action: ActionId): void {
  extension.post({ type: 'backup/action', action });
}

function render(s: MonitorState): void {
  header.replaceChildren(
    el(
      'h1',
      'title',
      `${s.vmid ?? '?'}${s.guestName ? ` · ${s.guestName}` : ''}${s.guestType ? ` (${s.guestType === 'lxc' ? 'container' : 'VM'})` : ''}`,
    ),
    el('span', `status status-${s.status}`, statusText(s)),
    facts([
      ['Node', `${s.node} (${s.host})`],
      ['Storage', s.storage ?? 'default'],
      ['Mode', `${s.mode ?? '?'}${s.modeFallback ? ' (snapshot fell back to suspend)' : ''}`],
      ['Compression', s.compress ?? 'default'],
      ['Started', new Date(s.startTime * 1000).toLocaleString()],
      ['Elapsed', formatDuration(s.elapsed)],
    ]),
  );
  if (s.followError)
    header.append(el('p', 'follow-error', `Cannot reach the task right now (retrying): ${s.followError}`));
  timeline.replaceChildren(...s.phases.map((phase) => el('li', `phase phase-${phase.state}`, phase.label)));
  renderProgress(s);
  // Two problems with the same fix (NFS tmpdir and rsync permission) show its buttons once.
  const offered = new Set<ActionId>();
  problems.replaceChildren(
    ...s.problems.map((problem) => {
      const box = el('div', 'problem');
      box.append(el('h2', '', problem.title), el('p', '', problem.explanation));
      const buttons = el('div', 'problem-actions');
      for (const action of problem.actions.filter((a) => !offered.has(a.id))) {
        offered.add(action.id);
        buttons.append(button(action.label, action.id, false));
      }
      if (buttons.childElementCount) box.append(buttons);
      return box;
    }),
  );
  actions.replaceChildren(
    ...(s.status === 'running' ? [button('Stop backup', 'stop', false)] : []),
    button('Open log in editor', 'openLog', true),
    button('Copy command', 'copyCommand', true),
    el('code', 'command', s.command),
  );
}

function renderProgress(s: MonitorState): void {
  const bar = document.createElement('vscode-progress-bar');
  const { percent, bytes, totalBytes, bytesPerSecond, etaSeconds } = s.progress;
  if (percent !== undefined) {
    bar.value = percent;
    bar.max = 100;
  } else {
    bar.indeterminate = s.status === 'running';
    if (s.status !== 'running') {
      bar.value = 100;
      bar.max = 100;
    }
  }
  const parts = [
    percent !== undefined
      ? `${percent}%${totalBytes !== undefined ? ` of ${formatBytes(totalBytes)}` : ''}`
      : undefined,
    bytes !== undefined ? `${formatBytes(bytes)} written` : undefined,
    bytesPerSecond !== undefined ? `${formatBytes(bytesPerSecond)}/s` : undefined,
    etaSeconds !== undefined ? `about ${formatDuration(etaSeconds)} left` : undefined,
    `${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.errors} error${s.errors === 1 ? '' : 's'}`,
  ].filter((part): part is string => part !== undefined);
  // A failed or stopped backup gets no bar: a full one would read as done.
  const children: HTMLElement[] = [
    ...(s.status === 'running' || s.status === 'ok' ? [bar] : []),
    el('p', 'progress-text', parts.join(' · ')),
  ];
  if (s.archive) {
    const listed = s.archive.size !== undefined ? ` (${formatBytes(s.archive.size)}, listed on the storage)` : '';
    children.push(el('p', 'archive', `${s.status === 'running' ? 'Writing' : 'Archive'}: ${s.archive.path}${listed}`));
  }
  progress.replaceChildren(...children);
}

function statusText(s: MonitorState): string {
  if (s.status === 'running') return 'Running';
  if (s.status === 'ok') return s.exitStatus && s.exitStatus !== 'OK' ? `Finished: ${s.exitStatus}` : 'Finished';
  if (s.status === 'stopped') return 'Stopped';
  const reason = s.failureReason ?? s.exitStatus;
  return `Failed${reason ? `: ${reason}` : ''}`;
}

function facts(rows: [string, string][]): HTMLElement {
  const list = el('dl', 'facts');
  for (const [term, value] of rows) list.append(el('dt', '', term), el('dd', '', value));
  return list;
}

function button(label: string, action: ActionId, secondary: boolean): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  b.secondary = secondary;
  b.dataset.action = action;
  b.addEventListener('click', () => send(action));
  return b;
}

// Reattach after a reload: the host re-sends everything once the view says it is ready.
extension.start({
  hostMessages: HostMessageSchema,
  savedState: PanelStateSchema,
  stateToSave: (message) => {
    if (message.type !== 'backup/state') return undefined; // log lines change nothing worth keeping
    const { host, node, upid } = message.state;
    return { host, node, upid };
  },
  showWaiting: (saved) => {
    if (saved) header.replaceChildren(el('p', 'muted', `Reconnecting to ${saved.upid}…`));
  },
  onMessage: receive,
  ready: { type: 'backup/ready' },
});
