package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code clearbanned} → null, as Core's ({@code p2p.clearBanned}): lifts every ban, the user's and those for misbehaviour. */
public final class ClearBanned implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "clearbanned";
    }

    @Override
    public String description() {
        return "Lifts every ban.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.P2P_CLEAR_BANNED, new JsonObject()).map(done -> (Object) null);
    }
}
