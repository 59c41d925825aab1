package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import minicoin.rpc.RpcCall;

/**
 * The wallet methods' one chain request per wallet address ({@code chain.balance} or
 * {@code chain.coins}): the chain indexes coins by address, so a wallet total is a request for
 * each of its addresses, answered in the order asked.
 */
final class PerAddress {

    private PerAddress() {
    }

    /** Asks {@code busAddress} about each of {@code addresses}; the futures are in the same order. */
    static List<Future<JsonObject>> ask(RpcCall call, String busAddress, List<?> addresses) {
        return addresses.stream()
                .map(address -> call.bus().request(busAddress, new JsonObject().put("address", address)))
                .toList();
    }
}
