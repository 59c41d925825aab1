package minicoin.rpc.methods;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code uptime} → whole seconds since this RPC server started, as Core's. In a clustered node it
 * is the uptime of the JVM that answers, not of the chain's.
 */
public final class Uptime implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();
    private final Clock clock;
    private final Instant started;

    /** @param clock read now, as the start, and at every call */
    public Uptime(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.started = clock.instant();
    }

    @Override
    public String name() {
        return "uptime";
    }

    @Override
    public String description() {
        return "Returns the number of seconds the server has been running.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return Future.succeededFuture(Duration.between(started, clock.instant()).toSeconds());
    }
}
