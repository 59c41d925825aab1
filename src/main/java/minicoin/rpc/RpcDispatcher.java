package minicoin.rpc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.rpc.methods.RpcMethods;

/**
 * JSON-RPC 2.0 without HTTP: turns a request body (one call or a batch) into the reply body.
 * Calls of a batch run one after another, in order, as in Bitcoin Core, so a batch may rely on
 * the effects of its earlier calls. Notifications (calls without an {@code id}) run but get no
 * entry in the reply.
 */
public final class RpcDispatcher {

    private static final Logger LOG = Logger.getLogger(RpcDispatcher.class.getName());
    private static final String VERSION = "2.0";

    /**
     * What to answer: {@code body} is a JsonObject (one call), a JsonArray (a batch) or null when
     * every call was a notification; {@code afterReply} runs once the reply is written.
     */
    public record Reply(Object body, List<Runnable> afterReply) {
        public Reply {
            afterReply = List.copyOf(afterReply);
        }
    }

    private final RpcMethods methods;
    private final BusClient bus;
    private final int maxBatch;

    public RpcDispatcher(RpcMethods methods, BusClient bus, int maxBatch) {
        this.methods = Objects.requireNonNull(methods, "methods");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.maxBatch = maxBatch;
    }

    /** Never fails: every problem becomes an error object in the reply. */
    public Future<Reply> dispatch(Buffer body) {
        Object request;
        try {
            request = Json.decodeValue(body == null ? Buffer.buffer() : body);
        } catch (DecodeException e) {
            String detail = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            return reply(errorResponse(null, new RpcException(RpcError.PARSE_ERROR, "parse error" + detail)), List.of());
        }
        List<Runnable> afterReply = new ArrayList<>();
        if (request instanceof JsonArray batch) {
            return batch(batch, afterReply).map(responses -> new Reply(responses, afterReply));
        }
        return call(request, afterReply).map(response -> new Reply(response, afterReply));
    }

    /** A JSON-RPC error response; {@code id} is null when the request's id could not be read. */
    public static JsonObject errorResponse(Object id, RpcException error) {
        return new JsonObject().put("jsonrpc", VERSION).put("error", error.toJson()).put("id", id);
    }

    private static Future<Reply> reply(Object body, List<Runnable> afterReply) {
        return Future.succeededFuture(new Reply(body, afterReply));
    }

    private Future<Object> batch(JsonArray batch, List<Runnable> afterReply) {
        if (batch.isEmpty()) {
            return Future.succeededFuture(errorResponse(null, invalidRequest("empty batch")));
        }
        if (batch.size() > maxBatch) {
            return Future.succeededFuture(errorResponse(null, invalidRequest(
                    "batch of " + batch.size() + " calls exceeds the limit of " + maxBatch)));
        }
        Future<JsonArray> responses = Future.succeededFuture(new JsonArray());
        for (int i = 0; i < batch.size(); i++) {
            Object element = batch.getValue(i);
            responses = responses.compose(done -> call(element, afterReply).map(response -> {
                if (response != null) {
                    done.add(response);
                }
                return done;
            }));
        }
        return responses.map(done -> done.isEmpty() ? null : done);
    }

    /** The response to one call, or null for a notification. */
    private Future<JsonObject> call(Object element, List<Runnable> afterReply) {
        if (!(element instanceof JsonObject request)) {
            return Future.succeededFuture(errorResponse(null, invalidRequest("a call must be a JSON object")));
        }
        Object id = request.getValue("id");
        if (id != null && !(id instanceof String) && !(id instanceof Number)) {
            return Future.succeededFuture(errorResponse(null, invalidRequest("\"id\" must be a string, a number or null")));
        }
        if (!VERSION.equals(request.getValue("jsonrpc"))) {
            return Future.succeededFuture(errorResponse(id, invalidRequest("\"jsonrpc\" must be \"2.0\"")));
        }
        if (!(request.getValue("method") instanceof String name)) {
            return Future.succeededFuture(errorResponse(id, invalidRequest("\"method\" must be a string")));
        }
        Object params = request.getValue("params");
        if (params != null && !(params instanceof JsonArray) && !(params instanceof JsonObject)) {
            return Future.succeededFuture(errorResponse(id, invalidRequest("\"params\" must be an array or an object")));
        }
        boolean notification = !request.containsKey("id");
        return invoke(name, params, afterReply)
                .map(result -> new JsonObject().put("jsonrpc", VERSION).put("result", result).put("id", id))
                .otherwise(failure -> errorResponse(id, asRpcException(name, failure)))
                .map(response -> notification ? null : response);
    }

    private Future<Object> invoke(String name, Object params, List<Runnable> afterReply) {
        RpcMethod method = methods.find(name).orElse(null);
        if (method == null) {
            return Future.failedFuture(new RpcException(RpcError.METHOD_NOT_FOUND, "method not found: " + name));
        }
        try {
            JsonObject named = method.params().bind(params);
            return method.execute(new RpcCall(named, bus, afterReply)).map(result -> (Object) result);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static RpcException asRpcException(String method, Throwable failure) {
        if (failure instanceof RpcException known) {
            return known;
        }
        LOG.log(Level.WARNING, "RPC " + method + " failed unexpectedly", failure);
        return new RpcException(RpcError.INTERNAL_ERROR, "internal error: " + failure);
    }

    private static RpcException invalidRequest(String reason) {
        return new RpcException(RpcError.INVALID_REQUEST, "invalid request: " + reason);
    }
}
