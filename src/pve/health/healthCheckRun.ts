import { worstVerdict } from '../../domain/health/findings';
import { logFailure } from '../../domain/logging/logFailure';
import type { Logger } from '../../domain/logging/logger';
import { nodeOfHost } from '../../domain/proxmox/inventory';
import type { CheckView, HealthReportState } from '../../protocol/healthCheck';
import type { HostModel } from '../hostModel';
import { healthChecks, CheckContext, type HealthCheck, type HealthPolicy } from './healthChecks';
import { errorMessage } from '../../shared/errorMessage';

/**
 * One host's health check: runs every check in parallel (the SSH layer keeps them within its
 * channel limit), reports each as it finishes, and can repeat only the ones that failed.
 */
export class HealthCheckRun {
  private checks: HealthCheck[] = [];
  private readonly views = new Map<string, CheckView>();
  private node: string;
  private startedAt = Date.now();
  private durationMs: number | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly data: HostModel,
    readonly host: string,
    node: string | undefined,
    private readonly policy: () => HealthPolicy & { checkTimeoutMs: number },
    private readonly logger: Logger,
    private readonly changed: () => void,
  ) {
    this.node = node ?? host;
  }

  /** Every check again, from a fresh look at the host's guests and storages. */
  runAll(): Promise<void> {
    return this.start(undefined);
  }

  /** Only the checks that failed or could not run; the others keep their findings. */
  runFailed(): Promise<void> {
    const failed = [...this.views.values()]
      .filter((v) => v.state === 'error' || worstVerdict(v.findings) === 'failure')
      .map((v) => v.id);
    return this.start(new Set(failed));
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves when the run under way (if any) is over. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  state(): HealthReportState {
    const checks = this.checks.map((c) => this.views.get(c.id)).filter((v): v is CheckView => v !== undefined);
    const counts = { pass: 0, warning: 0, failure: 0 };
    for (const check of checks) {
      if (check.state === 'error') counts.failure++;
      for (const finding of check.findings) counts[finding.verdict]++;
    }
    return {
      host: this.host,
      node: this.node,
      startedAt: this.startedAt,
      ...(this.durationMs === undefined ? {} : { durationMs: this.durationMs }),
      running: this.busy,
      checks,
      counts,
    };
  }

  private start(only: Set<string> | undefined): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      const started = Date.now();
      this.startedAt = started;
      this.durationMs = undefined;
      this.data.invalidate(this.host);
      try {
        const inventory = await this.data.inventory(this.host);
        if (!inventory.nodes.some((n) => n.node === this.node)) this.node = nodeOfHost(inventory, this.host);
        const planned = healthChecks(inventory, this.node);
        const chosen = only ? planned.filter((c) => only.has(c.id)) : planned;
        if (!only) this.views.clear();
        this.checks = planned.filter((c) => !only || only.has(c.id) || this.views.has(c.id));
        const { checkTimeoutMs, ...policy } = this.policy();
        const facts = new CheckContext(this.data, this.host, this.node, inventory, policy, new Date(), checkTimeoutMs);
        for (const check of chosen)
          this.views.set(check.id, {
            id: check.id,
            area: check.area,
            title: check.title,
            state: 'running',
            findings: [],
          });
        this.changed();
        await Promise.all(chosen.map((check) => this.runOne(check, facts)));
      } catch (error) {
        // without the inventory no check can run: one error stands for all of them
        const message = errorMessage(error);
        logFailure(this.logger, error, `health check of ${this.host}`);
        this.checks = [
          {
            id: 'host',
            area: 'storage',
            title: `the guests and storages of ${this.host}`,
            run: () => Promise.resolve([]),
          },
        ];
        this.views.set('host', {
          id: 'host',
          area: 'storage',
          title: `the guests and storages of ${this.host}`,
          state: 'error',
          error: message,
          findings: [],
        });
      } finally {
        this.durationMs = Date.now() - started;
        this.running = undefined;
        this.changed();
      }
    })();
    return this.running;
  }

  private async runOne(check: HealthCheck, facts: CheckContext): Promise<void> {
    const started = Date.now();
    try {
      const findings = await withDeadline(check.run(facts), facts);
      this.views.set(check.id, {
        id: check.id,
        area: check.area,
        title: check.title,
        state: 'done',
        findings,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      const message = errorMessage(error);
      this.logger.warn(`health check of ${this.host}, ${check.title}: ${message}`);
      this.views.set(check.id, {
        id: check.id,
        area: check.area,
        title: check.title,
        state: 'error',
        error: message,
        findings: [],
        durationMs: Date.now() - started,
      });
    }
    this.changed();
  }
}

/** The check's answer, or a clear error once the run's deadline passed (a hung mount never answers). */
function withDeadline<T>(work: Promise<T>, { deadline, timeoutMs }: CheckContext): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const expire = () =>
      reject(new Error(`no answer within ${timeoutMs / 1000} s; a storage or mount on the host may hang`));
    if (deadline.aborted) return expire();
    deadline.addEventListener('abort', expire, { once: true });
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', expire));
  });
}
