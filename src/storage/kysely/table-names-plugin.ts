import {
  IdentifierNode,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type TableNode,
  type UnknownRow,
} from 'kysely';
import { type AccountsTableNames, DEFAULT_TABLE_NAMES } from './tables.js';

class TableRenamer extends OperationNodeTransformer {
  readonly #names: ReadonlyMap<string, string>;

  constructor(names: ReadonlyMap<string, string>) {
    super();
    this.#names = names;
  }

  protected override transformTable(node: TableNode): TableNode {
    const table = super.transformTable(node);
    const name = this.#names.get(table.table.identifier.name);
    if (name === undefined) return table;
    return { ...table, table: { ...table.table, identifier: IdentifierNode.create(name) } };
  }
}

/**
 * Rewrites accountkit's default table names to the configured ones in every query, so the
 * queries stay typed against {@link AccountsDatabase} while pointing at, say, Django's tables.
 *
 * @internal
 */
export class TableNamesPlugin implements KyselyPlugin {
  readonly #renamer: TableRenamer;

  constructor(tables: AccountsTableNames) {
    const names = new Map<string, string>();
    for (const key of ['users', 'follows', 'refreshTokens'] as const) {
      if (tables[key] !== DEFAULT_TABLE_NAMES[key])
        names.set(DEFAULT_TABLE_NAMES[key], tables[key]);
    }
    this.#renamer = new TableRenamer(names);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#renamer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
