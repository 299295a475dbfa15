import { describe, expect, it } from 'vitest';
import type { RouteDeps } from '../../src/api/routes.js';
import { openStoreForReading } from '../../src/store/connection.js';
import { tempStore } from '../helpers/store.js';

describe("the API's database", () => {
  it('has no query builder that writes, so a write written in src/api does not compile', () => {
    // `npm run typecheck` checks this file: each line below must stay a type error.
    const writes = (db: RouteDeps['db']) => [
      // @ts-expect-error the API cannot insert
      () => db.insertInto('prospects'),
      // @ts-expect-error the API cannot update
      () => db.updateTable('prospects'),
      // @ts-expect-error the API cannot delete
      () => db.deleteFrom('prospects'),
      // @ts-expect-error the API cannot change the schema
      () => db.schema,
    ];
    expect(writes).toBeTypeOf('function');
  });

  it('refuses a write made around the type, on the read-only connection the API is given', async () => {
    const writable = await tempStore();
    await writable.close();
    const store = await openStoreForReading(writable.path);
    try {
      await expect(
        store.db
          .insertInto('data_sources')
          .values({ key: 'x', name: 'x', agency: 'x', created_at: '2026-01-01' })
          .execute(),
      ).rejects.toThrow(/readonly/i);
    } finally {
      await store.close();
    }
  });
});
