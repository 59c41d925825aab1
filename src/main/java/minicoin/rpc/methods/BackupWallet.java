package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code backupwallet destination} → null: a consistent copy of wallet.db, made while the node
 * runs, at {@code destination}: an absolute path on the wallet's host that must not exist yet (the
 * copy is 0600; nothing is ever overwritten). -4 "Error: Wallet backup failed! ..." with the reason.
 */
public final class BackupWallet implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(required("destination", Schemas.absolutePath()));

    @Override
    public String name() {
        return "backupwallet";
    }

    @Override
    public String description() {
        return "Writes a consistent copy of the wallet to a new file at an absolute path.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.WALLET_BACKUP, new JsonObject().put("path", call.params().getString("destination")))
                .map(reply -> (Object) null);
    }
}
