package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getchaintips} → Core's array: every tip of the block index, highest first, as
 * {@code {"height", "hash", "branchlen", "status"}} with Core's statuses ({@code active},
 * {@code valid-fork}, {@code valid-headers}, {@code headers-only}, {@code invalid}).
 */
public final class GetChainTips implements RpcMethod {

    @Override
    public String name() {
        return "getchaintips";
    }

    @Override
    public String description() {
        return "Returns every tip of the block tree: the main chain's and each fork's, with its branch length and status.";
    }

    @Override
    public ParamSpec params() {
        return ParamSpec.none();
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_TIPS, new JsonObject())
                .map(reply -> reply.getJsonArray("tips", new JsonArray()));
    }
}
