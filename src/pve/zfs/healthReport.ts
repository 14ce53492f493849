import type { PoolView, ZfsHealthState } from '../../protocol/zfsHealth';
import { cell, code, escapeText } from '../../domain/markdownText';

// "Copy report as Markdown": the health panel as text for a ticket, a chat or the runbook's log.
// Remote text is put in code spans or escaped, so a file name cannot break the table.

export function zfsHealthMarkdown(state: ZfsHealthState): string {
  const lines = [
    `# ZFS health: ${state.host} (node ${state.node})`,
    '',
    `As of ${new Date(state.updatedAt).toISOString()}.`,
  ];
  for (const pool of state.pools) lines.push('', ...poolSection(pool));
  return `${lines.join('\n')}\n`;
}

function poolSection(pool: PoolView): string[] {
  const lines = [`## ${escapeText(pool.name)}: ${escapeText(pool.state)}`, ''];
  if (pool.status) lines.push(`- Status: ${escapeText(pool.status)}`);
  if (pool.action) lines.push(`- Action: ${escapeText(pool.action)}`);
  if (pool.scan) lines.push(`- Scan: ${escapeText(pool.scan.text.replace(/\n/g, ' '))}`);
  lines.push(`- Errors: ${escapeText(pool.errorsSummary)}`);
  for (const warning of pool.mirrorWarnings) lines.push(`- Warning: ${escapeText(warning)}`);
  lines.push('', '| Vdev | State | Read | Write | Cksum |', '| --- | --- | ---: | ---: | ---: |');
  for (const v of pool.vdevs)
    lines.push(`| ${'  '.repeat(v.depth)}${code(v.name)} | ${cell(v.state)} | ${v.read} | ${v.write} | ${v.cksum} |`);
  if (pool.damage.length) {
    lines.push('', '| Damaged | Guest | Storage | Newest backup |', '| --- | --- | --- | --- |');
    for (const d of pool.damage) {
      const guest = d.guest
        ? `${d.guest.vmid} ${cell(d.guest.name)} (${d.guest.type}, ${cell(d.guest.status)})`
        : d.vmid !== undefined
          ? String(d.vmid)
          : '';
      const newest = d.backups[0];
      const backup = newest
        ? `${code(newest.volid)}${newest.ctime ? ` ${new Date(newest.ctime * 1000).toISOString().slice(0, 16).replace('T', ' ')}` : ''}`
        : d.vmid !== undefined
          ? 'none'
          : '';
      lines.push(`| ${code(d.entry)} | ${guest} | ${cell(d.storage ?? '')} | ${backup} |`);
    }
    lines.push('', 'Backups taken after the damage carry it: check the date of a backup before restoring from it.');
  }
  return lines;
}
