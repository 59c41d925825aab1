package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getblocktemplate [template_request]} → Core's template (BIP 22) for an external miner: the
 * tip to build on, the mempool's selection with each transaction's data, fee and pool parents, the
 * value the miner's coinbase may claim, the target, and the times allowed. The miner writes its own
 * coinbase ({@code core.Coinbase}'s layout: the height, then up to 96 free bytes), puts it first,
 * computes the Merkle root over the transactions' {@code hash} (the whole encoding, as Minicoin's
 * Merkle tree commits to), solves the header and hands the block to {@code submitblock}. Only
 * Core's {@code "template"} mode; no long polling (an answer is always at once).
 */
public final class GetBlockTemplate implements RpcMethod {

    /** Bound on the request object's lists: Core's clients send a handful of capabilities and rules. */
    static final int MAX_REQUEST_ITEMS = 32;
    /** Longer than any capability or rule name of BIP 22, 23 or 9. */
    static final int MAX_ITEM_CHARS = 64;
    /** Core's weight is four times the size of a block without witness data. */
    private static final int WITNESS_SCALE_FACTOR = 4;
    /** The nonce is a 32-bit field: the whole range is the miner's (BIP 22's noncerange). */
    static final String NONCE_RANGE = "00000000ffffffff";

    private final ParamSpec params = ParamSpec.of(
            optional("template_request", new JsonObject().put("type", "object").put("maxProperties", MAX_REQUEST_ITEMS)
                    .put("properties", new JsonObject()
                            .put("mode", new JsonObject().put("type", "string").put("enum", new JsonArray().add("template")))
                            .put("capabilities", stringList())
                            .put("rules", stringList())
                            .put("longpollid", new JsonObject().put("type", "string").put("maxLength", MAX_ITEM_CHARS * 2)))
                    .put("description", "Core's request object: mode \"template\", capabilities and rules (accepted, not needed)")));

    private static JsonObject stringList() {
        return new JsonObject().put("type", "array").put("maxItems", MAX_REQUEST_ITEMS)
                .put("items", new JsonObject().put("type", "string").put("maxLength", MAX_ITEM_CHARS));
    }

    @Override
    public String name() {
        return "getblocktemplate";
    }

    @Override
    public String description() {
        return "Returns what a block on the tip must hold but its coinbase, for an external miner (BIP 22).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_BLOCK_TEMPLATE, new JsonObject()).map(GetBlockTemplate::core);
    }

    /** Core's template from the chain's: Core's keys that apply to Minicoin, amounts in whole coins (its smallest unit). */
    static JsonObject core(JsonObject template) {
        JsonArray transactions = new JsonArray();
        for (Object item : template.getJsonArray("transactions", new JsonArray())) {
            JsonObject tx = (JsonObject) item;
            transactions.add(new JsonObject().put("data", tx.getString("data")).put("txid", tx.getString("txid"))
                    .put("hash", tx.getString("hash")).put("depends", tx.getJsonArray("depends", new JsonArray()))
                    .put("fee", tx.getLong("fee")).put("weight", tx.getLong("size") * WITNESS_SCALE_FACTOR));
        }
        long sizeLimit = template.getLong("sizelimit");
        return new JsonObject()
                // Minicoin has no soft forks to signal and answers no proposals: nothing to list.
                .put("capabilities", new JsonArray())
                .put("version", template.getInteger("version"))
                .put("rules", new JsonArray())
                .put("vbavailable", new JsonObject())
                .put("vbrequired", 0)
                .put("previousblockhash", template.getString("previousblockhash"))
                .put("transactions", transactions)
                .put("coinbaseaux", new JsonObject())
                .put("coinbasevalue", template.getLong("coinbasevalue"))
                .put("target", template.getString("target"))
                .put("mintime", template.getLong("mintime"))
                .put("mutable", new JsonArray().add("time").add("transactions").add("prevblock"))
                .put("noncerange", NONCE_RANGE)
                .put("sizelimit", sizeLimit)
                .put("weightlimit", sizeLimit * WITNESS_SCALE_FACTOR)
                .put("curtime", template.getLong("curtime"))
                .put("bits", template.getString("bits"))
                .put("height", template.getLong("height"));
    }
}
