package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getblockview hashOrHeight [verbosity=1]}, Minicoin's own: the chain's JSON view of a block
 * as it is ({@code core.JsonView} with {@code height}, {@code confirmations}, {@code chainWork},
 * {@code medianTime}): verbosity 0 the header, 1 with the txids, 2 with the transactions. What
 * {@code getblock} answered before it took Core's shape; the CLI's {@code print HEIGHT} prints
 * verbosity 0.
 */
public final class GetBlockView implements RpcMethod {

    private static final int DEFAULT_VERBOSITY = 1;
    private static final int MAX_VERBOSITY = 2;

    private final ParamSpec params = ParamSpec.of(
            required("hashOrHeight", hashOrHeight()),
            optional("verbosity", Schemas.integer(0, MAX_VERBOSITY)
                    .put("description", "0 the header, 1 with the txids, 2 with the transactions")));

    /** A block hash (64 hex digits) or a main-chain height, as getblock and getblockview take it. */
    static JsonObject hashOrHeight() {
        return new JsonObject()
                .put("type", new JsonArray().add("string").add("integer"))
                .put("pattern", Schemas.HASH_PATTERN)
                .put("minimum", 0)
                .put("maximum", Integer.MAX_VALUE)
                .put("description", "a block hash (64 hex digits) or a height");
    }

    /** The chain's request naming the block: {"hash"} for a string, {"height"} for an integer. */
    static JsonObject request(Object hashOrHeight) {
        return hashOrHeight instanceof String hash
                ? new JsonObject().put("hash", hash.toLowerCase(Locale.ROOT))
                : new JsonObject().put("height", ((Number) hashOrHeight).intValue());
    }

    @Override
    public String name() {
        return "getblockview";
    }

    @Override
    public String description() {
        return "Minicoin's own view of a block by hash or height: 0 its header, 1 with txids, 2 with transactions.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject request = request(call.params().getValue("hashOrHeight"))
                .put("verbosity", call.params().getInteger("verbosity", DEFAULT_VERBOSITY));
        return call.bus().request(BusAddresses.CHAIN_GET_BLOCK_JSON, request);
    }
}
