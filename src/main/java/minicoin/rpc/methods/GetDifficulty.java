package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getdifficulty} → the proof-of-work difficulty as a multiple of the minimum, a number as
 * Core's, at a double's precision from the bits. It is the difficulty the next block must meet,
 * which is the tip's except at a retarget.
 */
public final class GetDifficulty implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getdifficulty";
    }

    @Override
    public String description() {
        return "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_INFO, new JsonObject())
                .map(info -> GetBlockchainInfo.difficulty(Long.parseLong(info.getString("bits"), 16)));
    }
}
