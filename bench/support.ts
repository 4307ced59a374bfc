/**
 * What the benchmarks share: seeded randomness for the data generators, and a throwaway database
 * per run (SQLite always; PostgreSQL when DATABASE_URL or TEST_PG_URL is set).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget, DialectName } from '../src/db/connection.ts';

export const PG_URL = process.env['DATABASE_URL'] ?? process.env['TEST_PG_URL'];

/** sfc32: small, fast and good enough for synthetic data; the same seed gives the same data. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** One of the values, in proportion to its weight. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let x = this.next() * total;
    for (const [v, w] of table) {
      x -= w;
      if (x < 0) return v;
    }
    const last = table[table.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty table');
    return last[0];
  }

  /** A few distinct items. */
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const n = Math.min(items.length, this.int(min, max));
    const chosen = new Set<T>();
    while (chosen.size < n) chosen.add(this.pick(items));
    return [...chosen];
  }

  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)] ?? '0';
    return s;
  }

  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => Math.floor(this.next() * 256));
  }

  /** A UUIDv7 (what the app writes) for an instant, with seeded random bits: ids sort by time. */
  id(ms: number): string {
    const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
    const r = this.hex(18);
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${'89ab'[this.int(0, 3)] ?? '8'}${r.slice(3, 6)}-${r.slice(6, 18)}`;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }

  /** A UUIDv4-shaped id from the seeded stream. */
  uuid(): string {
    let r = '';
    for (let i = 0; i < 4; i++)
      r += Math.floor(this.next() * 4_294_967_296)
        .toString(16)
        .padStart(8, '0');
    return `${r.slice(0, 8)}-${r.slice(8, 12)}-4${r.slice(13, 16)}-${'89ab'[this.int(0, 3)] ?? '8'}${r.slice(17, 20)}-${r.slice(20, 32)}`;
  }
}

export interface Scratch {
  target: DatabaseTarget;
  /** SQLite file (to report its size), when there is one. */
  file?: string;
  drop(): Promise<void>;
}

/** A throwaway database for one benchmark run: a fresh SQLite file, or a new PostgreSQL database. */
export async function scratchDatabase(dialect: DialectName, prefix = 'bench'): Promise<Scratch> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `linkwork-${prefix}-`));
    const file = join(dir, `${prefix}.db`);
    return { target: { kind: 'sqlite', file }, file, drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  }
  if (PG_URL === undefined) throw new Error('PostgreSQL benchmark needs DATABASE_URL or TEST_PG_URL');
  const name = `linkwork_${prefix.replace(/-/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string): Promise<void> => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return { target: { kind: 'postgres', url: url.toString() }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
