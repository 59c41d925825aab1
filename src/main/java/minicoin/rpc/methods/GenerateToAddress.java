package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code generatetoaddress nblocks address [maxtries]} → the hashes of the blocks, as Core's: the
 * miner's generate path ({@code mining.generate}), with the reward to {@code address}. Core's
 * {@code maxtries} is accepted and ignored: the miner searches until it finds a block.
 */
public final class GenerateToAddress implements RpcMethod {

    /** As {@code generate}: enough for tests and devnets. */
    private static final int MAX_BLOCKS = 1000;
    /** As {@code generate}: on top of the ordinary send timeout. */
    private static final Duration TIME_PER_BLOCK = Duration.ofSeconds(2);

    private final ParamSpec params = ParamSpec.of(
            required("nblocks", Schemas.integer(1, MAX_BLOCKS)),
            required("address", Schemas.address()),
            optional("maxtries", Schemas.integer(1, Schemas.MAX_SAFE_INTEGER)));

    @Override
    public String name() {
        return "generatetoaddress";
    }

    @Override
    public String description() {
        return "Mines nblocks blocks now, paying the reward to address, and returns their hashes.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        int blocks = call.params().getInteger("nblocks");
        JsonObject request = new JsonObject().put("blocks", blocks).put("address", call.params().getString("address"));
        Duration timeout = call.bus().timeout().plus(TIME_PER_BLOCK.multipliedBy(blocks));
        return call.bus().request(BusAddresses.MINING_GENERATE, request, timeout)
                .map(reply -> reply.getJsonArray("hashes", new JsonArray()));
    }
}
