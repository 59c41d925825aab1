package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getmempoolentry txid} → Core's object for one pool transaction, the same as its entry in
 * {@code getrawmempool true}; -5 "Transaction not in mempool" when the pool lacks it.
 */
public final class GetMempoolEntry implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(required("txid", Schemas.hash("a transaction id")));

    @Override
    public String name() {
        return "getmempoolentry";
    }

    @Override
    public String description() {
        return "Returns what the mempool knows of one transaction: sizes, fees, time, ancestors and descendants.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_MEMPOOL_ENTRY,
                        new JsonObject().put("txid", call.params().getString("txid").toLowerCase(Locale.ROOT)))
                .map(GetRawMempool::entry);
    }
}
