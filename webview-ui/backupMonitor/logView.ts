import type { LogLine } from '../../src/protocol/backupMonitor';
import { countOf } from '../../src/shared/format';
import { el } from '../shared/dom';

const LINE_HEIGHT = 18;
const OVERSCAN = 20;

/**
 * The task log, followed as it grows. Only the rows in view (plus a margin) are in the DOM, so a
 * log of a hundred thousand lines scrolls as fast as a short one. It sticks to the bottom while
 * the user has not scrolled up.
 */
export class LogView {
  readonly element = el('section', 'log');
  private readonly spacer = el('div', 'log-spacer');
  private readonly rows = el('div', 'log-rows');
  private readonly counts = el('p', 'log-counts');
  private lines: LogLine[] = [];
  private followTail = true;
  private errors = 0;
  private warnings = 0;

  constructor() {
    const viewport = el('div', 'log-viewport');
    // reachable with Tab and scrollable with the arrow keys; read as a live log by screen readers
    viewport.tabIndex = 0;
    viewport.setAttribute('role', 'log');
    viewport.setAttribute('aria-label', 'Task log');
    viewport.append(this.spacer);
    this.spacer.append(this.rows);
    this.element.append(el('h2', '', 'Log'), this.counts, viewport);
    viewport.addEventListener('scroll', () => {
      this.followTail = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - LINE_HEIGHT;
      this.draw(viewport);
    });
    this.viewport = viewport;
  }

  private readonly viewport: HTMLElement;

  clear(): void {
    this.lines = [];
    this.errors = 0;
    this.warnings = 0;
    this.draw(this.viewport);
  }

  append(lines: LogLine[]): void {
    for (const line of lines) {
      this.lines.push(line);
      const kind = kindOf(line.t);
      if (kind === 'error') this.errors++;
      if (kind === 'warning') this.warnings++;
    }
    this.spacer.style.height = `${this.lines.length * LINE_HEIGHT}px`;
    if (this.followTail) this.viewport.scrollTop = this.viewport.scrollHeight;
    this.draw(this.viewport);
  }

  private draw(viewport: HTMLElement): void {
    const first = Math.max(0, Math.floor(viewport.scrollTop / LINE_HEIGHT) - OVERSCAN);
    const last = Math.min(
      this.lines.length,
      Math.ceil((viewport.scrollTop + viewport.clientHeight) / LINE_HEIGHT) + OVERSCAN,
    );
    this.rows.style.transform = `translateY(${first * LINE_HEIGHT}px)`;
    this.rows.replaceChildren(
      ...this.lines.slice(first, last).map((line) => el('div', `log-line ${kindOf(line.t)}`, line.t)),
    );
    this.counts.textContent = [
      countOf(this.lines.length, 'line'),
      countOf(this.errors, 'error'),
      countOf(this.warnings, 'warning'),
    ].join(' · ');
  }
}

function kindOf(text: string): 'error' | 'warning' | 'info' {
  if (/\bERROR:|\bfailed\b/.test(text)) return 'error';
  if (/\bWARN(ING)?:/.test(text)) return 'warning';
  return 'info';
}
