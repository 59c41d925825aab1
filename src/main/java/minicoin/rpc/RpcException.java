package minicoin.rpc;

import io.vertx.core.json.JsonObject;

/**
 * A call that failed with one of the {@link RpcError} codes and a sentence for the user. It is an
 * expected outcome, not a bug, so it carries no stack trace.
 */
public final class RpcException extends RuntimeException {

    private final RpcError error;

    public RpcException(RpcError error) {
        this(error, error.message());
    }

    public RpcException(RpcError error, String message) {
        super(message == null || message.isBlank() ? error.message() : message, null, false, false);
        this.error = error;
    }

    public RpcError error() {
        return error;
    }

    /** The JSON-RPC error object: {@code {"code", "message"}}. */
    public JsonObject toJson() {
        return new JsonObject().put("code", error.code()).put("message", getMessage());
    }
}
