package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getbalances} → Core's {@code {"mine": {"trusted", "untrusted_pending", "immature"}}} in whole
 * coins, summed over the wallet's addresses from the chain's coins ({@code chain.coins}, one request
 * per address): {@code trusted} the coins in blocks that no mempool transaction spends, coinbases
 * once mature; {@code immature} younger coinbases; {@code untrusted_pending} the mempool's outputs
 * paying the wallet. Core counts the unconfirmed change of the wallet's own payments as trusted; the
 * chain's coins do not say who made a mempool transaction, so here it is untrusted_pending until a
 * block holds it. Core's {@code watchonly} object is left out: the wallet watches nothing.
 */
public final class GetBalances implements RpcMethod {

    private final int coinbaseMaturity;
    private final ParamSpec params = ParamSpec.none();

    /** @param coinbaseMaturity the network's: a coinbase output with fewer confirmations is immature */
    public GetBalances(int coinbaseMaturity) {
        this.coinbaseMaturity = coinbaseMaturity;
    }

    @Override
    public String name() {
        return "getbalances";
    }

    @Override
    public String description() {
        return "Returns the wallet's trusted, untrusted_pending and immature balances (Core's shape).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject()).compose(wallet -> {
            List<Future<JsonObject>> coins = PerAddress.ask(call, BusAddresses.CHAIN_COINS,
                    wallet.getJsonArray("addresses", new JsonArray()).getList());
            return Future.all(coins).map(all -> balances(coins.stream().map(Future::result).toList(), coinbaseMaturity));
        });
    }

    /** Core's object for the wallet whose addresses' {@code chain.coins} replies are {@code replies}. */
    static JsonObject balances(List<JsonObject> replies, int coinbaseMaturity) {
        long trusted = 0;
        long pending = 0;
        long immature = 0;
        for (JsonObject reply : replies) {
            long nextHeight = reply.getLong("tipHeight", -1L) + 1;
            Set<String> spent = new HashSet<>();
            for (Object item : reply.getJsonArray("spentInMempool", new JsonArray())) {
                spent.add(outPoint((JsonObject) item));
            }
            for (Object item : reply.getJsonArray("confirmed", new JsonArray())) {
                JsonObject coin = (JsonObject) item;
                long value = coin.getLong("value");
                if (coin.getBoolean("coinbase", false) && nextHeight - coin.getLong("height") < coinbaseMaturity) {
                    immature += value;
                } else if (!spent.contains(outPoint(coin))) {
                    trusted += value;
                }
            }
            for (Object item : reply.getJsonArray("unconfirmed", new JsonArray())) {
                pending += ((JsonObject) item).getLong("value");
            }
        }
        return new JsonObject().put("mine", new JsonObject()
                .put("trusted", CoreAmount.of(trusted))
                .put("untrusted_pending", CoreAmount.of(pending))
                .put("immature", CoreAmount.of(immature)));
    }

    private static String outPoint(JsonObject json) {
        return json.getString("txid") + ":" + json.getLong("index");
    }
}
