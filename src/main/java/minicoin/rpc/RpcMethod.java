package minicoin.rpc;

import io.vertx.core.Future;

/**
 * One JSON-RPC method: its name, its parameters and what it does. Implementations only send
 * event-bus requests and compose their futures; they never block.
 */
public interface RpcMethod {

    /** The name callers use, as in Bitcoin Core where the method exists there. */
    String name();

    /** One line for {@code help}: what the method does, in a sentence. */
    String description();

    ParamSpec params();

    /**
     * Runs the call. The result becomes the reply's {@code result}: a JsonObject, a JsonArray, a
     * string, a number, a boolean or null. A failure with an {@link RpcException} becomes the
     * reply's {@code error}; any other failure is an internal error.
     */
    Future<?> execute(RpcCall call);
}
