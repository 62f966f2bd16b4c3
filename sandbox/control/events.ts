export interface SandboxEvent {
  seq: number;
  time: string;
  /** Bigin watch-notification style names, e.g. `Contacts.create`, `Contacts.edit`. */
  event: string;
  module: string;
  operation: 'insert' | 'update';
  ids: string[];
}

const KEEP = 1000;

/** Recent record changes, so a page or a test can react to "a contact was created in Bigin". */
export class EventLog {
  private seq = 0;
  private items: SandboxEvent[] = [];

  push(module: string, operation: 'insert' | 'update', ids: string[], timeMs: number): void {
    if (ids.length === 0) return;
    const event = `${module}.${operation === 'insert' ? 'create' : 'edit'}`;
    this.items.push({ seq: ++this.seq, time: new Date(timeMs).toISOString(), event, module, operation, ids });
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
  }

  since(seq: number): SandboxEvent[] {
    return this.items.filter((e) => e.seq > seq);
  }

  clear(): void {
    this.items = [];
  }
}
