package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code stop} → "Minicoin node stopping"; the node is asked to stop once that reply is written. */
public final class Stop implements RpcMethod {

    static final String STOPPING = "Minicoin node stopping";

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "stop";
    }

    @Override
    public String description() {
        return "Answers, then stops the node (this JVM in a cluster).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        // Asking now could close this very server before the caller hears back.
        call.afterReply(() -> call.bus().send(BusAddresses.NODE_STOP, new JsonObject()));
        return Future.succeededFuture(STOPPING);
    }
}
