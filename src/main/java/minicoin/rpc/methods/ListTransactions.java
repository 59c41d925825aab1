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
 * {@code listtransactions ["*"] [count=10] [skip=0] [include_watchonly]} → Core's history entries,
 * oldest first, the {@code count} most recent after skipping the {@code skip} most recent:
 *
 * <ul>
 *   <li>from the wallet's transaction records ({@code wallet.history}, wallet.WalletHistory): a
 *       {@code send} per output of the wallet's own payments that is not change (negative amount,
 *       negative {@code fee}, {@code abandoned} true when the chain refused it as it was made), a
 *       {@code receive} per output paying the wallet;</li>
 *   <li>from the chain's coins of each wallet address ({@code chain.coins}): the coinbases still
 *       unspent, {@code generate} or {@code immature} (the wallet does not record coinbases, so a
 *       spent one is not listed).</li>
 * </ul>
 *
 * Each entry has {@code address, category, amount, vout, confirmations, txid, walletconflicts,
 * bip125-replaceable} and, from a record, {@code time} and {@code timereceived} (when the wallet
 * recorded it), {@code blockhash} and {@code blockheight} once confirmed, {@code trusted} while
 * unconfirmed. A record a block's rival spend displaced has negative confirmations, as Core's.
 * The records read are bounded (the {@code count + skip} most recent, at most
 * {@link #MAX_RECORDS}).
 */
public final class ListTransactions implements RpcMethod {

    private static final int DEFAULT_COUNT = 10;
    /** The wallet's own bound on the records one request reads (WalletVerticle.MAX_HISTORY_RECORDS). */
    static final int MAX_RECORDS = 10_000;
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
        return "Returns the wallet's most recent sends, receives and unspent coinbases, oldest first.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        int count = call.params().getInteger("count", DEFAULT_COUNT);
        int skip = call.params().getInteger("skip", 0);
        long limit = Math.min((long) count + skip, MAX_RECORDS);
        Future<JsonObject> history = call.bus().request(BusAddresses.WALLET_HISTORY, new JsonObject().put("limit", limit));
        return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject()).compose(wallet -> {
            List<String> addresses = wallet.getJsonArray("addresses", new JsonArray()).stream()
                    .map(String.class::cast).toList();
            List<Future<JsonObject>> coins = PerAddress.ask(call, BusAddresses.CHAIN_COINS, addresses);
            List<Future<?>> replies = new ArrayList<>(coins);
            replies.add(history);
            return Future.all(replies).map(all -> {
                long tipHeight = history.result().getLong("lastBlockHeight", -1L);
                List<JsonObject> entries = new ArrayList<>();
                for (int i = 0; i < addresses.size(); i++) {
                    tipHeight = Math.max(tipHeight, coins.get(i).result().getLong("tipHeight", -1L));
                    entries.addAll(coinbaseEntries(addresses.get(i), coins.get(i).result()));
                }
                entries.addAll(recordEntries(history.result().getJsonArray("entries", new JsonArray()), tipHeight));
                return page(entries, count, skip);
            });
        });
    }

    /** Core's entries for the wallet's records ({@code wallet.history}'s, newest first), oldest first. */
    static List<JsonObject> recordEntries(JsonArray history, long tipHeight) {
        List<JsonObject> entries = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            JsonObject item = history.getJsonObject(i);
            boolean send = "send".equals(item.getString("category"));
            JsonObject entry = detail(item).mergeIn(transactionKeys(item, send, tipHeight));
            if (send) {
                entry.put("abandoned", "refused".equals(item.getString("status")));
            }
            entries.add(entry);
        }
        return entries;
    }

    /**
     * Core's keys of one output that matters to the wallet (a history entry): {@code address,
     * category, amount, vout} and, for a send whose fee the wallet recorded, the negative {@code fee}.
     */
    static JsonObject detail(JsonObject item) {
        JsonObject detail = new JsonObject()
                .put("address", item.getString("address"))
                .put("category", item.getString("category"))
                .put("amount", CoreAmount.of(item.getLong("amount")))
                .put("vout", item.getInteger("vout"));
        if ("send".equals(item.getString("category")) && item.getValue("fee") instanceof Number fee) {
            detail.put("fee", CoreAmount.of(-fee.longValue()));
        }
        return detail;
    }

    /**
     * Core's keys of a wallet transaction from its record's {@code status, height, blockHash, txid,
     * created}: {@code confirmations} (negative when a block's rival spend displaced it), then
     * {@code blockhash} and {@code blockheight} once confirmed, else {@code trusted} (only a pending
     * payment the wallet made is), and {@code txid, walletconflicts, time, timereceived,
     * bip125-replaceable}.
     */
    static JsonObject transactionKeys(JsonObject record, boolean madeByWallet, long tipHeight) {
        String status = record.getString("status");
        long depth = record.getValue("height") instanceof Number height ? tipHeight - height.longValue() + 1 : 0;
        JsonObject keys = new JsonObject();
        switch (status) {
            case "confirmed" -> keys.put("confirmations", depth)
                    .put("blockhash", record.getString("blockHash")).put("blockheight", record.getLong("height"));
            case "conflicted" -> keys.put("confirmations", -depth).put("trusted", false);
            default -> keys.put("confirmations", 0).put("trusted", madeByWallet && "pending".equals(status));
        }
        return keys.put("txid", record.getString("txid"))
                .put("walletconflicts", new JsonArray())
                .put("time", record.getLong("created"))
                .put("timereceived", record.getLong("created"))
                .put("bip125-replaceable", "no");
    }

    /** Core's entries for one address's unspent coinbases as {@code chain.coins} reports them. */
    List<JsonObject> coinbaseEntries(String address, JsonObject coins) {
        long tipHeight = coins.getLong("tipHeight", -1L);
        List<JsonObject> entries = new ArrayList<>();
        for (Object item : coins.getJsonArray("confirmed", new JsonArray())) {
            JsonObject coin = (JsonObject) item;
            if (coin.getBoolean("coinbase", false)) {
                long confirmations = tipHeight - coin.getLong("height") + 1;
                entries.add(new JsonObject()
                        .put("address", address)
                        .put("category", confirmations < coinbaseMaturity ? "immature" : "generate")
                        .put("amount", CoreAmount.of(coin.getLong("value")))
                        .put("vout", coin.getLong("index"))
                        .put("confirmations", confirmations)
                        .put("generated", true)
                        .put("txid", coin.getString("txid"))
                        .put("walletconflicts", new JsonArray())
                        .put("bip125-replaceable", "no"));
            }
        }
        return entries;
    }

    /**
     * Oldest first (most confirmations first; a stable sort keeps the records' own order among
     * equals); the {@code count} most recent once the {@code skip} most recent are left out, as Core.
     */
    static JsonArray page(List<JsonObject> entries, int count, int skip) {
        List<JsonObject> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((JsonObject entry) -> entry.getLong("confirmations")).reversed());
        int end = Math.max(0, sorted.size() - skip);
        int start = Math.max(0, end - count);
        return new JsonArray(new ArrayList<>(sorted.subList(start, end)));
    }
}
