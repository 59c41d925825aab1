package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getmininginfo} → {@code {"mode", "threads", "hashrate", "hashes", "blocksMined", "difficulty", "blocks"}}
 * from the miner and the chain; a node without a miner reports mode "off" and no work.
 */
public final class GetMiningInfo implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getmininginfo";
    }

    @Override
    public String description() {
        return "Returns the miner's state and the chain's difficulty and height.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        Future<JsonObject> chain = call.bus().request(BusAddresses.CHAIN_INFO, new JsonObject());
        Future<JsonObject> miner = call.bus().requestIfRunning(BusAddresses.MINING_INFO, new JsonObject())
                .map(running -> running.orElseGet(GetMiningInfo::noMiner));
        return Future.all(chain, miner).map(both -> new JsonObject()
                .put("mode", miner.result().getString("mode"))
                .put("threads", miner.result().getInteger("threads"))
                .put("hashrate", miner.result().getValue("hashrate"))
                .put("hashes", miner.result().getLong("hashes", 0L))
                .put("blocksMined", miner.result().getLong("blocksMined"))
                .put("difficulty", chain.result().getValue("difficulty"))
                .put("blocks", chain.result().getInteger("height")));
    }

    /** What a node without a miner reports, rather than an error. */
    private static JsonObject noMiner() {
        return new JsonObject().put("mode", "off").put("threads", 0).put("hashrate", 0).put("hashes", 0).put("blocksMined", 0);
    }
}
