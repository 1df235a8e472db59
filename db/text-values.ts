// Text that reaches the database never holds a NUL character: PostgreSQL's text type cannot store it
// (the query fails), and SQLite would store what PostgreSQL refuses. No field of ours means anything
// by it, so it is dropped from every bound value in one place, on both engines, instead of form by form.
import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from "kysely";

const NUL = /\u0000/g;
/** A bound value without NUL characters (strings only; anything else as it is). */
export const clean = <T>(value: T): T => (typeof value === "string" && value.includes("\u0000") ? (value.replace(NUL, "") as T) : value);

class DropNul extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = clean(node.value);
    return value === node.value ? super.transformValue(node) : { ...super.transformValue(node), value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    const base = super.transformPrimitiveValueList(node);
    return base.values.some((v) => typeof v === "string" && v.includes("\u0000")) ? { ...base, values: base.values.map(clean) } : base;
  }
}

export class DropNulPlugin implements KyselyPlugin {
  readonly #transformer = new DropNul();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
