import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './styles.css';
import {
  scanProgressLabel,
  ZfsHostMessageSchema,
  ZfsPanelStateSchema,
  type DamageView,
  type PoolView,
  type ZfsAction,
  type ZfsHealthState,
  type ZfsViewMessage,
} from '../../src/protocol/zfsHealth';
import { formatBytes } from '../../src/shared/format';
import { connectToExtension } from '../shared/bootstrap';
import { el } from '../shared/dom';

// The ZFS health panel. Everything from the host is validated before use and inserted as text
// (textContent), never as HTML: pool, disk and file names are remote text.

const extension = connectToExtension<ZfsViewMessage>();
const root = document.getElementById('root') as HTMLElement;

function render(state: ZfsHealthState): void {
  const toolbar = el('div', 'toolbar');
  toolbar.append(
    el('h1', 'title', `ZFS health — ${state.host}`),
    el('span', 'muted', state.refreshing ? 'Refreshing…' : `as of ${new Date(state.updatedAt).toLocaleTimeString()}`),
    button('Refresh', 'refresh', undefined, true),
    button('Copy report as Markdown', 'copyReport', undefined, true),
  );
  const children: HTMLElement[] = [toolbar];
  if (state.error) children.push(el('p', 'error-banner', `The last look at ${state.host} failed: ${state.error}`));
  if (state.pools.length === 0 && !state.error)
    children.push(el('p', 'muted', state.refreshing ? 'Reading zpool status…' : 'No ZFS pools on this host.'));
  for (const pool of state.pools)
    children.push(
      poolSection(
        pool,
        state.busy?.find((b) => b.pool === pool.name),
      ),
    );
  root.replaceChildren(...children);
}

/** A pool whose action the host has not answered yet. */
type BusyPool = NonNullable<ZfsHealthState['busy']>[number];

function poolSection(pool: PoolView, busy: BusyPool | undefined): HTMLElement {
  const section = el('section', `pool pool-${pool.severity}`);
  const head = el('div', 'pool-head');
  head.append(
    el('h2', '', pool.name),
    el('span', `state state-${pool.severity}`, pool.state),
    el('span', 'muted', pool.errorsSummary),
  );
  if (pool.capacity)
    head.append(
      el(
        'span',
        'muted',
        `${formatBytes(pool.capacity.alloc)} of ${formatBytes(pool.capacity.size)} used (${Math.round((pool.capacity.alloc / pool.capacity.size) * 100)}%)`,
      ),
    );
  section.append(head);

  if (pool.status) section.append(labelled('Status', pool.status));
  if (pool.action) section.append(labelled('Action', pool.action));
  if (pool.see) section.append(labelled('See', pool.see));
  section.append(scanLine(pool));
  for (const warning of pool.mirrorWarnings) section.append(el('p', 'warning-banner', warning));

  const actions = el('div', 'actions');
  const scanning = pool.scan?.state === 'in-progress';
  const scrubButton =
    busy && busy.action !== 'clear'
      ? button(busy.text, busy.action, pool.name, false)
      : scanning
        ? button('Stop scrub', 'stopScrub', pool.name, false)
        : button('Scrub', 'scrub', pool.name, false);
  const clearButton = button(busy?.action === 'clear' ? busy.text : 'Clear errors…', 'clear', pool.name, true);
  actions.append(scrubButton, clearButton);
  if (busy) {
    // Until the host answers (`zpool scrub` can take a minute), the pool's buttons wait and say why.
    for (const b of [scrubButton, clearButton]) b.disabled = true;
    const ring = document.createElement('vscode-progress-ring');
    ring.className = 'busy-ring';
    ring.ariaLabel = `${busy.text} ${pool.name}`;
    ring.role = 'status';
    ring.ariaLive = 'polite';
    actions.append(ring);
  }
  section.append(actions, vdevTable(pool), damageSection(pool));
  return section;
}

function scanLine(pool: PoolView): HTMLElement {
  const box = el('div', 'scan');
  if (!pool.scan) {
    box.append(el('p', 'muted', 'No scrub or resilver reported.'));
    return box;
  }
  if (pool.scan.state === 'in-progress') {
    const bar = document.createElement('vscode-progress-bar');
    if (pool.scan.percent !== undefined) {
      bar.value = Math.min(100, pool.scan.percent);
      bar.max = 100;
    } else bar.indeterminate = true;
    // its own label is "Loading"; a screen reader should hear how far the scan is
    bar.ariaLabel = scanProgressLabel(pool.scan);
    box.append(bar);
  }
  box.append(el('p', 'scan-text', pool.scan.text));
  return box;
}

function vdevTable(pool: PoolView): HTMLElement {
  const table = el('table', 'vdevs');
  const head = el('tr', '');
  for (const title of ['Name', 'State', 'Read', 'Write', 'Cksum', '']) head.append(el('th', '', title));
  table.append(head);
  for (const v of pool.vdevs) {
    const row = el('tr', v.state !== 'ONLINE' && v.state !== '' ? 'vdev-bad' : '');
    const name = el('td', 'vdev-name', v.name);
    name.style.paddingLeft = `${8 + v.depth * 16}px`;
    row.append(
      name,
      el('td', '', v.state),
      counter(v.read),
      counter(v.write),
      counter(v.cksum),
      el('td', 'muted', v.note ?? ''),
    );
    table.append(row);
  }
  return table;
}

function counter(value: number): HTMLElement {
  return el('td', value > 0 ? 'num nonzero' : 'num', String(value));
}

function damageSection(pool: PoolView): HTMLElement {
  const box = el('div', 'damage');
  if (pool.damage.length === 0) return box;
  box.append(
    el('h3', '', `Damaged files (${pool.damage.length})`),
    el('p', 'muted', 'Backups taken after the damage carry it: check when a backup was made before restoring from it.'),
  );
  for (const d of pool.damage) box.append(damageRow(d));
  return box;
}

function damageRow(d: DamageView): HTMLElement {
  const row = el('div', 'damage-row');
  row.append(el('code', 'entry', d.entry));
  const where = [
    d.storage ? `storage ${d.storage}` : undefined,
    d.dataset ? `dataset ${d.dataset}` : undefined,
    d.kind === 'metadata' ? 'pool metadata' : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  if (where) row.append(el('span', 'muted', where));
  if (d.guest) {
    const link = el(
      'a',
      'guest',
      `${d.guest.vmid} ${d.guest.name} (${d.guest.type === 'lxc' ? 'container' : 'VM'}, ${d.guest.status})`,
    );
    link.href = '#';
    link.title = 'Show in the Proxmox view';
    const vmid = d.guest.vmid;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      extension.post({ type: 'zfs/revealGuest', vmid });
    });
    row.append(link);
  } else if (d.vmid !== undefined) row.append(el('span', '', `guest ${d.vmid} (not found on this host)`));
  if (d.vmid !== undefined) {
    const list = el('ul', 'backups');
    if (d.backups.length === 0) list.append(el('li', 'warning-text', 'No backup of this guest on any backup storage.'));
    for (const b of d.backups)
      list.append(
        el(
          'li',
          '',
          `${b.volid}${b.ctime ? ` · ${new Date(b.ctime * 1000).toLocaleString()}` : ''}${b.size !== undefined ? ` · ${formatBytes(b.size)}` : ''}`,
        ),
      );
    row.append(list);
  }
  return row;
}

function labelled(label: string, text: string): HTMLElement {
  const p = el('p', 'labelled');
  p.append(el('strong', '', `${label}: `), document.createTextNode(text));
  return p;
}

function button(
  label: string,
  action: ZfsAction,
  pool: string | undefined,
  secondary: boolean,
): HTMLElementTagNameMap['vscode-button'] {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  b.secondary = secondary;
  b.dataset.action = action;
  if (pool) b.dataset.pool = pool;
  b.addEventListener('click', () => extension.post({ type: 'zfs/action', action, ...(pool ? { pool } : {}) }));
  return b;
}

extension.start({
  hostMessages: ZfsHostMessageSchema,
  savedState: ZfsPanelStateSchema,
  stateToSave: (message) => ({ host: message.state.host }),
  showWaiting: (saved) =>
    root.replaceChildren(el('p', 'muted', saved ? `Reading ZFS health of ${saved.host}…` : 'Reading ZFS health…')),
  onMessage: (message) => render(message.state),
  ready: { type: 'zfs/ready' },
});
