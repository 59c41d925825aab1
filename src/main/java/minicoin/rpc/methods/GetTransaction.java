package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code gettransaction txid [blockhash]} → {@code {"transaction", "inMempool", "blockHash"?, "height"?,
 * "confirmations"}}. There is no transaction index (as in Bitcoin Core without -txindex): a confirmed
 * transaction is found only in the block named by {@code blockhash}.
 */
public final class GetTransaction implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("txid", Schemas.hash("a txid")),
            optional("blockhash", Schemas.hash("a block hash")));

    @Override
    public String name() {
        return "gettransaction";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        JsonObject request = new JsonObject().put("txid", params.getString("txid").toLowerCase(Locale.ROOT));
        if (params.containsKey("blockhash")) {
            request.put("blockHash", params.getString("blockhash").toLowerCase(Locale.ROOT));
        }
        return call.bus().request(BusAddresses.CHAIN_GET_TRANSACTION, request);
    }
}
