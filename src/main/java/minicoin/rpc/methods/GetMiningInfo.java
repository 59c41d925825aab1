package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import minicoin.bus.BusAddresses;
import minicoin.config.NodeConfig.Network;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getmininginfo} → {@code {"mode", "threads", "hashrate", "hashes", "blocksMined", "difficulty", "blocks"}}
 * from the miner and the chain; a node without a miner reports mode "off" and no work. Beside them
 * Core's keys: {@code networkhashps} (the chain service's estimate over the last 120 blocks, as
 * Core's getnetworkhashps), {@code pooledtx} (the mempool's transactions), {@code chain} (the
 * network's id) and {@code warnings} (none). Core's {@code currentblockweight} and
 * {@code currentblocktx} are left out: Core gives them only once it has assembled a block template,
 * and the miner here does not report the block it works on.
 */
public final class GetMiningInfo implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();
    private final Network network;

    public GetMiningInfo(Network network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    @Override
    public String name() {
        return "getmininginfo";
    }

    @Override
    public String description() {
        return "Returns the miner's state, the chain's difficulty and height, and Core's mining keys (networkhashps, pooledtx, chain).";
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
                .put("blocks", chain.result().getInteger("height"))
                // A chain member of an older version (in a cluster) does not estimate it: 0, as Core at the genesis.
                .put("networkhashps", chain.result().getValue("networkHashPs") instanceof Number rate ? rate.doubleValue() : 0.0)
                .put("pooledtx", chain.result().getInteger("mempoolSize", 0))
                .put("chain", network.id())
                .put("warnings", ""));
    }

    /** What a node without a miner reports, rather than an error. */
    private static JsonObject noMiner() {
        return new JsonObject().put("mode", "off").put("threads", 0).put("hashrate", 0).put("hashes", 0).put("blocksMined", 0);
    }
}
