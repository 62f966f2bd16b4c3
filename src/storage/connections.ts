import { Connection } from '../domain/index.ts';
import { database } from './lifecycle.ts';
import { parseRow, parseRows, toRow } from './parse.ts';

export async function listConnections(): Promise<Connection[]> {
  return parseRows(Connection, 'connections', await database().connections.toArray());
}

export async function getConnection(id: string): Promise<Connection | undefined> {
  return parseRow(Connection, 'connections', await database().connections.get(id));
}

export async function getConnectionByLinkName(linkName: string): Promise<Connection | undefined> {
  return parseRow(Connection, 'connections', await database().connections.where('linkName').equals(linkName).first());
}

export async function saveConnection(connection: Connection): Promise<Connection> {
  const parsed = Connection.parse({ ...connection, updatedAt: Date.now() });
  await database().connections.put(toRow(parsed));
  return parsed;
}

/** Applies a change to the stored row inside one transaction, so two writers cannot interleave. */
export async function updateConnection(id: string, change: (current: Connection) => Connection): Promise<Connection | undefined> {
  const db = database();
  return db.transaction('rw', db.connections, async () => {
    const current = parseRow(Connection, 'connections', await db.connections.get(id));
    if (!current) return undefined;
    const next = Connection.parse({ ...change(current), updatedAt: Date.now() });
    await db.connections.put(toRow(next));
    return next;
  });
}

export async function deleteConnection(id: string): Promise<void> {
  await database().connections.delete(id);
}

export async function connectionLinkNames(): Promise<string[]> {
  return (await listConnections()).map((connection) => connection.linkName);
}
