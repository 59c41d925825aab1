package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code listtransactions ["*"] [count=10] [skip=0] [include_watchonly]} → Core's entries for the
 * wallet's coins the chain still holds unspent ({@code chain.coins} of each wallet address): each a
 * {@code receive}, or for a coinbase {@code generate} ({@code immature} before the network's
 * maturity), oldest first, the {@code count} most recent after skipping {@code skip}. There is no
 * wallet history: a spent coin and the wallet's own payments are not listed (Core lists both).
 */
public final class ListTransactions implements RpcMethod {

    private static final int DEFAULT_COUNT = 10;
    /** Core's "all labels"; the wallet keeps no labels, so it is the only one there is. */
    private static final String ALL_LABELS = "*";

    private final int coinbaseMaturity;
    private final ParamSpec params = ParamSpec.of(
            optional("label", new JsonObject().put("type", "string").put("const", ALL_LABELS)
                    .put("description", "\"*\", every entry (the wallet has no labels)")),
            optional("count", Schemas.integer(0, Integer.MAX_VALUE)),
            optional("skip", Schemas.integer(0, Integer.MAX_VALUE)),
            optional("include_watchonly", new JsonObject().put("type", "boolean")
                    .put("description", "accepted; the wallet watches no address it has no key for")));

    /** @param coinbaseMaturity the network's: a younger coinbase output is Core's "immature" */
    public ListTransactions(int coinbaseMaturity) {
        this.coinbaseMaturity = coinbaseMaturity;
    }

    @Override
    public String name() {
        return "listtransactions";
    }

    @Override
    public String description() {
        return "Returns the wallet's most recent receipts still unspent, oldest first (no spent coins or payments).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        int count = call.params().getInteger("count", DEFAULT_COUNT);
        int skip = call.params().getInteger("skip", 0);
        return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject()).compose(wallet -> {
            List<String> addresses = wallet.getJsonArray("addresses", new JsonArray()).stream()
                    .map(String.class::cast).toList();
            List<Future<JsonObject>> coins = addresses.stream()
                    .map(address -> call.bus().request(BusAddresses.CHAIN_COINS, new JsonObject().put("address", address)))
                    .toList();
            return Future.all(coins).map(all -> {
                List<JsonObject> entries = new ArrayList<>();
                for (int i = 0; i < addresses.size(); i++) {
                    entries.addAll(entries(addresses.get(i), coins.get(i).result()));
                }
                return page(entries, count, skip);
            });
        });
    }

    /** Core's entries for one address's coins as {@code chain.coins} reports them. */
    List<JsonObject> entries(String address, JsonObject coins) {
        long tipHeight = coins.getLong("tipHeight", -1L);
        List<JsonObject> entries = new ArrayList<>();
        for (Object item : coins.getJsonArray("confirmed", new JsonArray())) {
            JsonObject coin = (JsonObject) item;
            long confirmations = tipHeight - coin.getLong("height") + 1;
            entries.add(entry(address, coin, confirmations));
        }
        for (Object item : coins.getJsonArray("unconfirmed", new JsonArray())) {
            entries.add(entry(address, (JsonObject) item, 0));
        }
        return entries;
    }

    private JsonObject entry(String address, JsonObject coin, long confirmations) {
        boolean coinbase = coin.getBoolean("coinbase", false);
        String category = !coinbase ? "receive" : confirmations < coinbaseMaturity ? "immature" : "generate";
        JsonObject entry = new JsonObject()
                .put("address", address)
                .put("category", category)
                .put("amount", CoreAmount.of(coin.getLong("value")))
                .put("vout", coin.getLong("index"))
                .put("confirmations", confirmations)
                .put("txid", coin.getString("txid"));
        return coinbase ? entry.put("generated", true) : entry;
    }

    /** Oldest first; the {@code count} most recent once the {@code skip} most recent are left out, as Core. */
    static JsonArray page(List<JsonObject> entries, int count, int skip) {
        List<JsonObject> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((JsonObject entry) -> entry.getLong("confirmations")).reversed());
        int end = Math.max(0, sorted.size() - skip);
        int start = Math.max(0, end - count);
        return new JsonArray(new ArrayList<>(sorted.subList(start, end)));
    }
}
