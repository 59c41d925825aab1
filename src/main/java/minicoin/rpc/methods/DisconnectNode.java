package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code disconnectnode [address] [nodeid]} → null, as Core's ({@code p2p.disconnect}): closes the
 * connection to {@code address} ("host:port", as getpeerinfo's {@code addr}) or with the id
 * {@code nodeid}; exactly one of them ({@code address} "" counts as absent, as in Core), else -8
 * "Only one of address and nodeid should be provided."; no such connection is -29 "Node not found
 * in connected nodes". The peer may connect again (setban keeps it away).
 */
public final class DisconnectNode implements RpcMethod {

    /** As addnode's endpoints (Schemas.endpoint), but "" is allowed: Core's way of naming a node by id only. */
    private static final int MAX_ADDRESS_CHARS = 300;

    private final ParamSpec params = ParamSpec.of(
            optional("address", new JsonObject().put("type", "string").put("maxLength", MAX_ADDRESS_CHARS)
                    .put("description", "the peer's host:port, as getpeerinfo's addr")),
            optional("nodeid", Schemas.integer(0, Schemas.MAX_SAFE_INTEGER)));

    @Override
    public String name() {
        return "disconnectnode";
    }

    @Override
    public String description() {
        return "Closes the connection to a peer, named by its address or its getpeerinfo id.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        String address = call.params().getString("address", "");
        Long id = call.params().getLong("nodeid");
        if (address.isEmpty() == (id == null)) {
            throw new RpcException(RpcError.INVALID_PARAMS, "Only one of address and nodeid should be provided.");
        }
        JsonObject request = id != null ? new JsonObject().put("id", id) : new JsonObject().put("address", address);
        return call.bus().request(BusAddresses.P2P_DISCONNECT, request)
                .map(done -> (Object) null)
                .recover(failure -> failure instanceof RpcException refused && refused.error() == RpcError.NOT_FOUND
                        ? Future.failedFuture(new RpcException(RpcError.NODE_NOT_CONNECTED, RpcError.NODE_NOT_CONNECTED.message()))
                        : Future.failedFuture(failure));
    }
}
