import type { Db } from "../../db/client";
import type { CategorySource, ChangeBus } from "../../lib/context";
import { listCategoryRows, type CategoryRow } from "./categories.repository";

/**
 * The tenant's problem categories by id, for the intake's checks (active 小类, extra fields) and the
 * labels of its answer: a few hundred rows read on every report otherwise. Loaded on first use and
 * dropped on every change the change bus reports (docs/performance.md, "The rule for a new cache");
 * every write to categories — the dictionary edits and the seed — publishes the `categories` topic
 * in its transaction. The intake statement checks again that its category is an active 小类, so a
 * report never lands on a category retired a moment ago, whatever this cache still holds.
 */
export class CategoryCache implements CategorySource {
  private loaded: Promise<Map<string, CategoryRow>> | undefined;

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
    private readonly changes: ChangeBus,
  ) {
    changes.subscribe("categories", (event) => {
      if (event.tenantId === null || event.tenantId === tenantId) this.loaded = undefined;
    });
  }

  async get(id: string): Promise<CategoryRow | undefined> {
    return (await this.all()).get(id);
  }

  /** Announces a category edit in its transaction: every process reloads the categories after the commit. */
  changed(tx: Db): Promise<void> {
    return this.changes.publish(tx, this.tenantId, "categories");
  }

  private all(): Promise<Map<string, CategoryRow>> {
    if (this.loaded) return this.loaded;
    // Assigned before the rows are read: a change heard while they are read drops this very load.
    const loading = listCategoryRows(this.db, this.tenantId).then((rows) => new Map(rows.map((r) => [r.id, r])));
    this.loaded = loading;
    loading.catch(() => {
      if (this.loaded === loading) this.loaded = undefined;
    });
    return loading;
  }
}
