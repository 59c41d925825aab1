package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code getblockhash height} → the hash of the main-chain block at {@code height}; above the tip,
 * Core's -8 "Block height out of range".
 */
public final class GetBlockHash implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(required("height", Schemas.integer(0, Integer.MAX_VALUE)));

    @Override
    public String name() {
        return "getblockhash";
    }

    @Override
    public String description() {
        return "Returns the hash of the main-chain block at a height.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject request = new JsonObject().put("height", call.params().getInteger("height"));
        return call.bus().request(BusAddresses.CHAIN_GET_BLOCK_HASH, request)
                .<Object>map(reply -> reply.getString("hash"))
                .recover(failure -> Future.failedFuture(failure instanceof RpcException e && e.error() == RpcError.NOT_FOUND
                        ? new RpcException(RpcError.INVALID_PARAMS, "Block height out of range")
                        : failure));
    }
}
