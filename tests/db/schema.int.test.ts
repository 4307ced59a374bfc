import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/db/connection.ts';
import { createTestDatabase, TEST_DIALECTS } from '../support/databases.ts';

/**
 * src/db/schema.ts is written by hand; the migrations are what the databases really hold. Kysely
 * trusts the first, so a column added to one and not the other type-checks and then fails (or
 * silently reads undefined) at run time. This test reads the DB interface with the TypeScript
 * compiler and each migrated database with Kysely's introspection, and compares tables, columns,
 * nullability, type family and which columns are marked Generated.
 */

const SCHEMA_FILE = fileURLToPath(new URL('../../src/db/schema.ts', import.meta.url));

/** What a value read from a column is, at the level both sides can say reliably. */
type Family = 'text' | 'number' | 'boolean';

interface DeclaredColumn {
  family: Family | `unknown: ${string}`;
  nullable: boolean;
  /** Wrapped in Kysely's Generated<…>: may be left out on insert, so the database must supply it. */
  generated: boolean;
}

interface ActualColumn {
  family: Family | `unknown: ${string}`;
  nullable: boolean;
  hasDefault: boolean;
}

type Tables<C> = Map<string, Map<string, C>>;

/** The DB interface of schema.ts, table by table, as the type checker sees it. */
function readDeclaredSchema(): Tables<DeclaredColumn> {
  const program = ts.createProgram([SCHEMA_FILE], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA_FILE);
  if (source === undefined) throw new Error(`cannot read ${SCHEMA_FILE}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error('schema.ts is not a module');
  const dbSymbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'DB');
  if (dbSymbol === undefined) throw new Error('schema.ts exports no DB interface');

  const tables: Tables<DeclaredColumn> = new Map();
  for (const table of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(dbSymbol))) {
    const columns = new Map<string, DeclaredColumn>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      columns.set(column.name, describeDeclared(checker, checker.getTypeOfSymbol(column)));
    }
    tables.set(table.name, columns);
  }
  return tables;
}

function describeDeclared(checker: ts.TypeChecker, type: ts.Type): DeclaredColumn {
  // Kysely's ColumnType<S, I, U> (and Generated<S> = ColumnType<S, S | undefined, S>) is an object
  // type whose __select__ / __insert__ properties carry the read and insert types.
  const select = type.getProperty('__select__');
  const insert = type.getProperty('__insert__');
  let read = type;
  let generated = false;
  if (select !== undefined && insert !== undefined) {
    read = checker.getTypeOfSymbol(select);
    const insertType = checker.getTypeOfSymbol(insert);
    generated = (insertType.isUnion() ? insertType.types : [insertType]).some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0);
  }
  const parts = read.isUnion() ? read.types : [read];
  const nullable = parts.some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
  const families = new Set(parts.filter((t) => (t.flags & ts.TypeFlags.Null) === 0).map((t) => familyOfTsType(checker, t)));
  const family = families.size === 1 ? [...families][0]! : (`unknown: ${checker.typeToString(read)}` as const);
  return { family, nullable, generated };
}

function familyOfTsType(checker: ts.TypeChecker, t: ts.Type): DeclaredColumn['family'] {
  if ((t.flags & ts.TypeFlags.StringLike) !== 0) return 'text';
  if ((t.flags & ts.TypeFlags.NumberLike) !== 0) return 'number';
  if ((t.flags & ts.TypeFlags.BooleanLike) !== 0) return 'boolean';
  return `unknown: ${checker.typeToString(t)}`;
}

/**
 * The family a column's values read back as. PostgreSQL int8 and numeric are read as numbers by
 * the pool's type parsers (src/db/connection.ts); SQLite follows its type-affinity rules.
 */
function familyOfDbType(dialect: DialectName, dataType: string): ActualColumn['family'] {
  const t = dataType.toLowerCase();
  if (dialect === 'sqlite') {
    // https://www.sqlite.org/datatype3.html §3.1, in its order of precedence.
    if (t.includes('int')) return 'number';
    if (t.includes('char') || t.includes('clob') || t.includes('text')) return 'text';
    if (t.includes('real') || t.includes('floa') || t.includes('doub')) return 'number';
    return `unknown: ${dataType}`;
  }
  if (['text', 'varchar', 'bpchar', 'uuid'].includes(t)) return 'text';
  if (['int2', 'int4', 'int8', 'float4', 'float8', 'numeric'].includes(t)) return 'number';
  if (t === 'bool') return 'boolean';
  return `unknown: ${dataType}`;
}

/** The migrated database's tables (Kysely's own migration tables left out, as introspection does). */
async function readActualSchema(db: Kysely<unknown>, dialect: DialectName): Promise<Tables<ActualColumn>> {
  const tables: Tables<ActualColumn> = new Map();
  for (const table of await db.introspection.getTables()) {
    if (table.isView) continue;
    // SQLite lets a primary key that is not an INTEGER PRIMARY KEY hold NULL (a legacy quirk kept
    // for compatibility), so its introspection calls such keys nullable; PostgreSQL makes every
    // primary key NOT NULL. Compare the intent: a primary-key column counts as NOT NULL.
    const keyColumns = dialect === 'sqlite' ? await sqlitePrimaryKeyColumns(db, table.name) : new Set<string>();
    const columns = new Map<string, ActualColumn>();
    for (const c of table.columns) {
      columns.set(c.name, {
        family: familyOfDbType(dialect, c.dataType),
        nullable: c.isNullable && !keyColumns.has(c.name),
        hasDefault: c.hasDefaultValue || c.isAutoIncrementing,
      });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

async function sqlitePrimaryKeyColumns(db: Kysely<unknown>, table: string): Promise<Set<string>> {
  const { rows } = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(db);
  return new Set(rows.filter((r) => r.pk > 0).map((r) => r.name));
}

describe('src/db/schema.ts as the type checker reads it', () => {
  const declared = readDeclaredSchema();

  it('describes every column precisely enough to compare', () => {
    const vague: string[] = [];
    for (const [table, columns] of declared) {
      for (const [name, c] of columns) if (c.family.startsWith('unknown')) vague.push(`${table}.${name}: ${c.family}`);
    }
    expect(declared.size).toBeGreaterThan(0);
    expect(vague).toEqual([]);
  });

  describe.each(TEST_DIALECTS)('against the migrated %s database', (dialect) => {
    let actual: Tables<ActualColumn>;
    beforeAll(async () => {
      const database = await createTestDatabase(dialect);
      try {
        actual = await readActualSchema(database.db as Kysely<unknown>, dialect);
      } finally {
        await database.drop();
      }
    });

    /** Every column present on both sides, for the per-column comparisons. */
    const shared = () =>
      [...declared].flatMap(([table, columns]) =>
        [...columns].flatMap(([name, d]) => {
          const a = actual.get(table)?.get(name);
          return a === undefined ? [] : [{ where: `${table}.${name}`, d, a }];
        }),
      );

    it('has the same tables', () => {
      const differences = [
        ...[...declared.keys()].filter((t) => !actual.has(t)).map((t) => `${t}: in schema.ts, not in the database`),
        ...[...actual.keys()].filter((t) => !declared.has(t)).map((t) => `${t}: in the database, not in schema.ts`),
      ];
      expect(differences).toEqual([]);
      expect(actual.size).toBeGreaterThan(0);
    });

    it('has the same columns in each table', () => {
      const differences: string[] = [];
      for (const [table, columns] of declared) {
        const real = actual.get(table);
        if (real === undefined) continue;
        for (const name of columns.keys()) if (!real.has(name)) differences.push(`${table}.${name}: in schema.ts, not in the database`);
        for (const name of real.keys()) if (!columns.has(name)) differences.push(`${table}.${name}: in the database, not in schema.ts`);
      }
      expect(differences).toEqual([]);
    });

    it('agrees on which columns may be null', () => {
      const differences = shared()
        .filter(({ d, a }) => d.nullable !== a.nullable)
        .map(({ where, d, a }) => `${where}: schema.ts ${d.nullable ? 'nullable' : 'not null'}, database ${a.nullable ? 'nullable' : 'not null'}`);
      expect(differences).toEqual([]);
    });

    it('agrees on the type family of each column (text, number)', () => {
      const differences = shared()
        .filter(({ d, a }) => d.family !== a.family)
        .map(({ where, d, a }) => `${where}: schema.ts ${d.family}, database ${a.family}`);
      expect(differences).toEqual([]);
    });

    it('marks a column Generated only when the database supplies a value for it', () => {
      const differences = shared()
        .filter(({ d, a }) => d.generated && !a.hasDefault)
        .map(({ where }) => `${where}: Generated in schema.ts, but the database has no default for it`);
      expect(differences).toEqual([]);
    });
  });
});
