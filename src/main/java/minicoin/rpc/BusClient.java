package minicoin.rpc;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;

/**
 * How RPC methods talk to the node's services: event-bus requests with a send timeout, whose
 * failures come back as {@link RpcException}s a user can read (docs/eventbus.md, docs/rpc.md).
 */
public final class BusClient {

    /** The bus's own default; a chain or wallet request that takes longer is stuck. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final EventBus bus;
    private final BusAddresses addresses;
    private final Duration timeout;

    public BusClient(EventBus bus, BusAddresses addresses, Duration timeout) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The send timeout of an ordinary request. */
    public Duration timeout() {
        return timeout;
    }

    /** Sends {@code body} to the service at {@code name} (a {@link BusAddresses} constant). */
    public Future<JsonObject> request(String name, JsonObject body) {
        return request(name, body, timeout);
    }

    public Future<JsonObject> request(String name, JsonObject body, Duration sendTimeout) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(sendTimeout.toMillis());
        return bus.request(addresses.of(name), body, options)
                .recover(failure -> Future.failedFuture(translate(name, failure, sendTimeout)))
                .compose(reply -> jsonBody(name, reply));
    }

    /** Like {@link #request}, but empty instead of failing when no such service runs in this node. */
    public Future<Optional<JsonObject>> requestIfRunning(String name, JsonObject body) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
        return bus.request(addresses.of(name), body, options)
                .compose(reply -> jsonBody(name, reply).map(Optional::of),
                        failure -> failure instanceof ReplyException reply
                                && reply.failureType() == ReplyFailure.NO_HANDLERS
                                ? Future.succeededFuture(Optional.empty())
                                : Future.failedFuture(translate(name, failure, timeout)));
    }

    /** Fire and forget: nobody waits for the answer. */
    public void send(String name, JsonObject body) {
        bus.send(addresses.of(name), body);
    }

    private static Future<JsonObject> jsonBody(String name, Message<Object> reply) {
        if (reply.body() instanceof JsonObject json) {
            return Future.succeededFuture(json);
        }
        return Future.failedFuture(new RpcException(RpcError.INTERNAL_ERROR,
                "the " + service(name) + " service answered " + name + " with something other than a JSON object"));
    }

    private static RpcException translate(String name, Throwable failure, Duration sendTimeout) {
        if (!(failure instanceof ReplyException reply)) {
            return new RpcException(RpcError.INTERNAL_ERROR, "internal error: " + failure.getMessage());
        }
        ReplyFailure type = reply.failureType();
        if (type == ReplyFailure.RECIPIENT_FAILURE) {
            return new RpcException(RpcError.of(BusError.of(reply.failureCode()), reply.getMessage()), reply.getMessage());
        }
        if (type == ReplyFailure.TIMEOUT) {
            return new RpcException(RpcError.INTERNAL_ERROR, "the " + service(name)
                    + " service did not answer within " + seconds(sendTimeout));
        }
        if (type == ReplyFailure.NO_HANDLERS) {
            return new RpcException(RpcError.INTERNAL_ERROR,
                    "no " + service(name) + " service is running in this node");
        }
        return new RpcException(RpcError.INTERNAL_ERROR, "the request " + name + " failed: " + reply.getMessage());
    }

    /** "chain" for "chain.info", "wallet" for "wallet.send", and so on. */
    private static String service(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
