import { formatDateTime } from '../../shared/format';
import { suggestionKind, type Placeholder } from '../../domain/runbook/placeholders';
import type { HostModel } from '../../pve/hostModel';
import type { RunbookPrompts, Suggestion } from './runbookPrompts';

/** Fills placeholders with values offered from the live host: task UPIDs, guests, storages. */
export class PlaceholderValues {
  constructor(
    readonly prompts: RunbookPrompts,
    private readonly data: HostModel,
  ) {}

  async ask(host: string, placeholder: Placeholder): Promise<string | undefined> {
    const suggestions = placeholder.secret ? [] : await this.suggestions(host, placeholder).catch(() => []);
    return this.prompts.askValue(placeholder, suggestions);
  }

  async suggestions(host: string, placeholder: Placeholder): Promise<Suggestion[]> {
    const kind = suggestionKind(placeholder.name);
    if (!kind) return [];
    const inventory = await this.data.inventory(host);
    if (kind === 'vmid')
      return inventory.guests.map((g) => ({
        value: String(g.vmid),
        label: `${g.vmid}`,
        description: `${g.name} · ${g.type} · ${g.status}`,
      }));
    if (kind === 'storage')
      return inventory.storages.map((s) => ({
        value: s.storage,
        label: s.storage,
        description: `${s.type} · ${s.content.join(',')}`,
      }));
    // UPIDs: running tasks first, then recent ones, on every node of the host
    const lists = await Promise.all(inventory.nodes.map((node) => this.data.tasks(host, node.node, { fresh: true })));
    return lists.flatMap(({ running, recent }) =>
      [...running.map((t) => ({ t, state: 'running' })), ...recent.map((t) => ({ t, state: t.status ?? 'done' }))].map(
        ({ t, state }) => ({
          value: t.upid,
          label: `${t.type}${t.id ? ` ${t.id}` : ''}`,
          description: `${state} · ${formatDateTime(t.starttime)} · ${t.upid}`,
        }),
      ),
    );
  }
}
