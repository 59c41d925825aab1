package minicoin.rpc;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One call being run: its parameters by name (already checked against the method's schema), the
 * bus to the node's services, and a place for work that must wait until the reply is written.
 */
public final class RpcCall {

    private final JsonObject params;
    private final BusClient bus;
    private final List<Runnable> afterReply;

    RpcCall(JsonObject params, BusClient bus, List<Runnable> afterReply) {
        this.params = Objects.requireNonNull(params, "params");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.afterReply = Objects.requireNonNull(afterReply, "afterReply");
    }

    public JsonObject params() {
        return params;
    }

    public BusClient bus() {
        return bus;
    }

    /** Runs {@code action} once the HTTP reply carrying this call's result has been written. */
    public void afterReply(Runnable action) {
        afterReply.add(Objects.requireNonNull(action, "action"));
    }
}
