package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code dumpprivkey address} → the address's private key in WIF (compressed, "K..." or "L..."), as
 * Core's ({@code wallet.dumpKey}). Refused with -13 while the wallet is encrypted and locked
 * (checked first, as Core), -5 "Invalid Bitcoin address" for an invalid address, and -4 "Private
 * key for address X is not known" for an address whose key the wallet does not hold. The key is in
 * the reply only; neither the RPC server nor the wallet logs it.
 */
public final class DumpPrivKey implements RpcMethod {

    /** Longer than any Base58 address; the schema refuses more. */
    private static final int MAX_ADDRESS_CHARS = 128;

    private final ParamSpec params = ParamSpec.of(required("address", new JsonObject()
            .put("type", "string").put("maxLength", MAX_ADDRESS_CHARS).put("description", "an address of the wallet")));

    @Override
    public String name() {
        return "dumpprivkey";
    }

    @Override
    public String description() {
        return "Reveals the private key (WIF) of one of the wallet's addresses; refused while the wallet is locked.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        String address = call.params().getString("address");
        return call.bus().request(BusAddresses.WALLET_DUMP_KEY, new JsonObject().put("address", address))
                .<String>map(reply -> reply.getString("wif"))
                .recover(failure -> {
                    if (failure instanceof RpcException refused && refused.error() == RpcError.UNKNOWN_ADDRESS) {
                        return Future.failedFuture(new RpcException(RpcError.WALLET_ERROR,
                                "Private key for address " + address + " is not known"));
                    }
                    if (failure instanceof RpcException refused && refused.error() == RpcError.BAD_ADDRESS) {
                        return Future.failedFuture(new RpcException(RpcError.BAD_ADDRESS, "Invalid Bitcoin address"));
                    }
                    return Future.failedFuture(failure);
                });
    }
}
