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
 * {@code gettxoutsetinfo [hash_type="none"]} → Core's figures of the UTXO set: {@code height},
 * {@code bestblock}, {@code txouts}, {@code bogosize}, {@code transactions}, {@code total_amount}.
 * Core's {@code hash_serialized_3} and {@code muhash} hash Core's own serialisation of its coins
 * (scripts, Core's amounts), which Minicoin's coins have not, so only {@code "none"} is taken;
 * {@code disk_size} is left out (the coins share the chain store with the block index).
 */
public final class GetTxOutSetInfo implements RpcMethod {

    /**
     * Core's GetBogoSize of one output: txid 32, index 4, height and coinbase flag 4, amount 8,
     * script length 2, and the 25-byte P2PKH script every Minicoin output stands for.
     */
    static final long BOGO_BYTES_PER_OUTPUT = 32 + 4 + 4 + 8 + 2 + 25;

    private final ParamSpec params = ParamSpec.of(
            optional("hash_type", new JsonObject().put("type", "string").put("enum", new JsonArray().add("none"))
                    .put("description", "only \"none\": Minicoin's coins have no Core serialisation to hash")));

    @Override
    public String name() {
        return "gettxoutsetinfo";
    }

    @Override
    public String description() {
        return "Returns figures of the unspent output set (a scan of the whole set).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_TX_OUT_SET_INFO, new JsonObject()).map(GetTxOutSetInfo::core);
    }

    static JsonObject core(JsonObject reply) {
        long txouts = reply.getLong("txouts");
        return new JsonObject()
                .put("height", reply.getLong("height"))
                .put("bestblock", reply.getString("bestblock"))
                .put("txouts", txouts)
                .put("bogosize", txouts * BOGO_BYTES_PER_OUTPUT)
                .put("transactions", reply.getLong("transactions"))
                .put("total_amount", CoreAmount.of(reply.getLong("total_amount")));
    }
}
