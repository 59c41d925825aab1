package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code walletlock} → null: forgets the wallet's key now. -15 when the wallet has no passphrase. */
public final class WalletLock implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "walletlock";
    }

    @Override
    public String description() {
        return "Forgets the wallet's key now.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.WALLET_LOCK, new JsonObject())
                .map(reply -> (Object) null)
                .recover(failure -> WalletRefusals.needsEncrypted(failure, name()));
    }
}
