package minicoin.rpc.methods;

import io.vertx.core.Future;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;

/**
 * Bitcoin Core's sentences for a wallet in the wrong encryption state, which name the method
 * called: the wallet worker does not know which RPC asked it.
 */
final class WalletRefusals {

    private WalletRefusals() {
    }

    /** Core's text when {@code method} needs an encrypted wallet and this one has no passphrase. */
    static <T> Future<T> needsEncrypted(Throwable failure, String method) {
        return reword(failure, "Error: running with an unencrypted wallet, but " + method + " was called.");
    }

    /** Core's text when {@code method} needs an unencrypted wallet and this one has a passphrase. */
    static <T> Future<T> needsUnencrypted(Throwable failure, String method) {
        return reword(failure, "Error: running with an encrypted wallet, but " + method + " was called.");
    }

    private static <T> Future<T> reword(Throwable failure, String text) {
        if (failure instanceof RpcException refused && refused.error() == RpcError.WALLET_WRONG_ENC_STATE) {
            return Future.failedFuture(new RpcException(RpcError.WALLET_WRONG_ENC_STATE, text));
        }
        return Future.failedFuture(failure);
    }
}
