package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.BusClient;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code creategenesis [address]} → {@code {"address", "hash"}}: mines the genesis block of a fresh
 * chain, paying its reward to {@code address} or, as the seed's {@code genesis_block} does, to a new
 * wallet address (the "genesis wallet").
 */
public final class CreateGenesis implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(optional("address", Schemas.address()));

    @Override
    public String name() {
        return "creategenesis";
    }

    @Override
    public String description() {
        return "Mines the genesis block of a fresh chain, paying an address or a new wallet address (Minicoin's own).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        BusClient bus = call.bus();
        String given = call.params().getString("address");
        // Checked first so that a second call does not leave an unused wallet address behind.
        return bus.request(BusAddresses.CHAIN_INFO, new JsonObject())
                .compose(info -> info.getString("genesisHash") == null
                        ? Future.succeededFuture()
                        : Future.failedFuture(new RpcException(RpcError.REJECTED,
                                "the chain already has a genesis block: " + info.getString("genesisHash"))))
                .compose(none -> given != null
                        ? Future.succeededFuture(given)
                        : bus.request(BusAddresses.WALLET_CREATE, new JsonObject()).map(reply -> reply.getString("address")))
                .compose(address -> bus.request(BusAddresses.CHAIN_CREATE_GENESIS, new JsonObject().put("address", address))
                        .map(reply -> new JsonObject().put("address", address).put("hash", reply.getString("hash"))));
    }
}
