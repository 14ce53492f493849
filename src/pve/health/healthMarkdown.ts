import {
  AREA_TITLES,
  VERDICT_ORDER,
  type CheckView,
  type HealthArea,
  type HealthReportState,
} from '../../protocol/healthCheck';
import { codeSpan, escapeText } from '../../domain/markdownText';

// "Copy as Markdown": the report for an incident note. Failures and warnings first in each area.

const MARK = { pass: 'PASS', warning: 'WARN', failure: 'FAIL' } as const;

export function healthMarkdown(state: HealthReportState): string {
  const { pass, warning, failure } = state.counts;
  const lines = [
    `# Health check: ${escapeText(state.host)} (node ${escapeText(state.node)})`,
    '',
    `${new Date(state.startedAt).toISOString()}: ${failure} failed, ${warning} warning${warning === 1 ? '' : 's'}, ${pass} passed.`,
  ];
  for (const area of Object.keys(AREA_TITLES) as HealthArea[]) {
    const checks = state.checks.filter((c) => c.area === area);
    if (checks.length) lines.push('', `## ${AREA_TITLES[area]}`, '', ...checks.flatMap(checkLines));
  }
  return `${lines.join('\n')}\n`;
}

function checkLines(check: CheckView): string[] {
  if (check.state === 'error')
    return [`- **FAIL** could not check ${escapeText(check.title)}: ${escapeText(check.error ?? 'unknown error')}`];
  if (check.state === 'running') return [`- still checking ${escapeText(check.title)}`];
  return [...check.findings]
    .sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict])
    .map((f) => `- **${MARK[f.verdict]}** ${escapeText(f.title)}${f.evidence ? ` — ${codeSpan(f.evidence)}` : ''}`);
}
