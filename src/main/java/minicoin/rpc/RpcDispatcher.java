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
 * JSON-RPC without HTTP: turns a request body (one call or a batch) into the reply body and its
 * HTTP status. Calls of a batch run one after another, in order, as in Bitcoin Core, so a batch may
 * rely on the effects of its earlier calls.
 *
 * <p>Two dialects, told apart per call as Bitcoin Core does: a call with {@code "jsonrpc": "2.0"}
 * is strict JSON-RPC 2.0 (calls without an {@code id} are notifications: they run but get no entry
 * in the reply); a call without {@code jsonrpc}, or with {@code "1.0"}, is answered as Core answers
 * bitcoin-cli and other 1.0/1.1 clients: {@code result}, {@code error} (one of them null) and
 * {@code id}, no {@code jsonrpc}, never a notification, and alone in its request, an error is sent
 * with HTTP 500 (400 for -32600, 404 for -32601) instead of 200.
 */
public final class RpcDispatcher {

    private static final Logger LOG = Logger.getLogger(RpcDispatcher.class.getName());
    private static final String VERSION = "2.0";
    /** Some of Core's own documentation put it in 1.0 requests; Core accepts it as 1.0, so do we. */
    private static final String LEGACY_VERSION = "1.0";
    private static final int HTTP_OK = 200;
    private static final int HTTP_BAD_REQUEST = 400;
    private static final int HTTP_NOT_FOUND = 404;
    private static final int HTTP_INTERNAL_SERVER_ERROR = 500;

    /**
     * What to answer: {@code body} is a JsonObject (one call), a JsonArray (a batch) or null when
     * every call was a notification; {@code status} the HTTP status of a reply with a body;
     * {@code afterReply} runs once the reply is written.
     */
    public record Reply(Object body, int status, List<Runnable> afterReply) {
        public Reply {
            afterReply = List.copyOf(afterReply);
        }
    }

    private final RpcMethods methods;
    private final BusClient bus;
    private final int maxBatch;
    private final CallListener listener;

    /** Told of every call to a method that exists, as it completes: for the metrics (docs/metrics.md). */
    public interface CallListener {
        CallListener NONE = (method, nanos, succeeded) -> { };

        void called(String method, long nanos, boolean succeeded);
    }

    public RpcDispatcher(RpcMethods methods, BusClient bus, int maxBatch) {
        this(methods, bus, maxBatch, CallListener.NONE);
    }

    public RpcDispatcher(RpcMethods methods, BusClient bus, int maxBatch, CallListener listener) {
        this.methods = Objects.requireNonNull(methods, "methods");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.maxBatch = maxBatch;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Never fails: every problem becomes an error object in the reply. */
    public Future<Reply> dispatch(Buffer body) {
        Object request;
        try {
            request = Json.decodeValue(body == null ? Buffer.buffer() : body);
        } catch (DecodeException e) {
            String detail = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            return Future.succeededFuture(new Reply(
                    errorResponse(null, new RpcException(RpcError.PARSE_ERROR, "parse error" + detail)), HTTP_OK, List.of()));
        }
        List<Runnable> afterReply = new ArrayList<>();
        if (request instanceof JsonArray batch) {
            return batch(batch, afterReply).map(responses -> new Reply(responses, HTTP_OK, afterReply));
        }
        return call(request, afterReply).map(response -> new Reply(response, status(response), afterReply));
    }

    /** Core's status for a call alone in its request: 200, but a legacy call's error as an HTTP error. */
    private static int status(JsonObject response) {
        if (response == null || response.containsKey("jsonrpc") || response.getValue("error") == null) {
            return HTTP_OK;
        }
        int code = response.getJsonObject("error").getInteger("code");
        if (code == RpcError.INVALID_REQUEST.code()) {
            return HTTP_BAD_REQUEST;
        }
        return code == RpcError.METHOD_NOT_FOUND.code() ? HTTP_NOT_FOUND : HTTP_INTERNAL_SERVER_ERROR;
    }

    /** A JSON-RPC error response; {@code id} is null when the request's id could not be read. */
    public static JsonObject errorResponse(Object id, RpcException error) {
        return new JsonObject().put("jsonrpc", VERSION).put("error", error.toJson()).put("id", id);
    }

    /** A legacy (1.0) error response: both members, {@code result} null, no {@code jsonrpc}. */
    private static JsonObject legacyErrorResponse(Object id, RpcException error) {
        return new JsonObject().put("result", null).put("error", error.toJson()).put("id", id);
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
        Object version = request.getValue("jsonrpc");
        // Without "jsonrpc" only a call with a method name is taken for 1.0: an object that is no call
        // at all is answered in 2.0's form, as the JSON-RPC 2.0 specification's examples expect.
        boolean legacy = LEGACY_VERSION.equals(version) || version == null && request.getValue("method") instanceof String;
        Object id = request.getValue("id");
        if (id != null && !(id instanceof String) && !(id instanceof Number)) {
            return Future.succeededFuture(failed(legacy, null, invalidRequest("\"id\" must be a string, a number or null")));
        }
        if (version != null && !legacy && !VERSION.equals(version)) {
            return Future.succeededFuture(errorResponse(id, invalidRequest("\"jsonrpc\" must be \"2.0\" (or \"1.0\", or absent)")));
        }
        if (!(request.getValue("method") instanceof String name)) {
            return Future.succeededFuture(failed(legacy, id, invalidRequest("\"method\" must be a string")));
        }
        Object params = request.getValue("params");
        if (params != null && !(params instanceof JsonArray) && !(params instanceof JsonObject)) {
            return Future.succeededFuture(failed(legacy, id, invalidRequest("\"params\" must be an array or an object")));
        }
        // Only 2.0 has notifications: Core answers a 1.0 call without an id, with "id": null.
        boolean notification = !legacy && !request.containsKey("id");
        return invoke(name, params, afterReply)
                .map(result -> legacy
                        ? new JsonObject().put("result", result).put("error", null).put("id", id)
                        : new JsonObject().put("jsonrpc", VERSION).put("result", result).put("id", id))
                .otherwise(failure -> failed(legacy, id, asRpcException(name, failure)))
                .map(response -> notification ? null : response);
    }

    private static JsonObject failed(boolean legacy, Object id, RpcException error) {
        return legacy ? legacyErrorResponse(id, error) : errorResponse(id, error);
    }

    private Future<Object> invoke(String name, Object params, List<Runnable> afterReply) {
        RpcMethod method = methods.find(name).orElse(null);
        if (method == null) {
            return Future.failedFuture(new RpcException(RpcError.METHOD_NOT_FOUND, "method not found: " + name));
        }
        long started = System.nanoTime();
        Future<Object> result;
        try {
            JsonObject named = method.params().bind(params);
            result = method.execute(new RpcCall(named, bus, afterReply)).map(answer -> (Object) answer);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        // Only names of methods that exist reach the listener: a client cannot make up label values.
        return result.andThen(done -> listener.called(method.name(), System.nanoTime() - started, done.succeeded()));
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
