package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code generate n [address]} → the hashes of {@code n} blocks mined at once, once all are connected;
 * the reward goes to {@code address} or the miner's configured address.
 */
public final class Generate implements RpcMethod {

    /** Enough for tests and devnets; a longer run belongs to the continuous mining mode. */
    private static final int MAX_BLOCKS = 1000;
    /** On top of the ordinary send timeout: mining and connecting a devnet block takes well under this. */
    private static final Duration TIME_PER_BLOCK = Duration.ofSeconds(2);

    private final ParamSpec params = ParamSpec.of(
            required("n", Schemas.integer(1, MAX_BLOCKS)),
            optional("address", Schemas.address()));

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String description() {
        return "Mines n blocks now and returns their hashes (Minicoin's own; Core's is generatetoaddress).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        int blocks = call.params().getInteger("n");
        JsonObject request = new JsonObject().put("blocks", blocks);
        if (call.params().containsKey("address")) {
            request.put("address", call.params().getString("address"));
        }
        Duration timeout = call.bus().timeout().plus(TIME_PER_BLOCK.multipliedBy(blocks));
        return call.bus().request(BusAddresses.MINING_GENERATE, request, timeout)
                .map(reply -> reply.getJsonArray("hashes", new JsonArray()));
    }
}
