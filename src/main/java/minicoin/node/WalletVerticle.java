package minicoin.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.bus.BusFailure;
import minicoin.config.NodeConfig;
import minicoin.core.ConsensusParams;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.wallet.WalletException;
import minicoin.wallet.WalletStore;

/**
 * The wallet worker: owns wallet.db and answers the {@code wallet.*} addresses
 * (docs/eventbus.md). A payment asks the chain worker for the sender's coins, is built and signed
 * here, and is handed to the chain worker's mempool.
 */
public final class WalletVerticle extends VerticleBase {

    /** How long the wallet waits for the chain worker. */
    static final long CHAIN_TIMEOUT_MS = 30_000;

    private static final Logger LOG = Logger.getLogger(WalletVerticle.class.getName());

    private WalletStore wallet;
    private BusAddresses addresses;
    private ConsensusParams params;
    /**
     * Payments run one after another: two at once would both see the same unconfirmed change and
     * the second would be refused as a double spend.
     */
    private Future<?> lastSend = Future.succeededFuture();

    @Override
    public Future<?> start() throws Exception {
        NodeConfig config = NodeConfig.fromJson(config());
        addresses = new BusAddresses(config.node().busPrefix());
        params = ConsensusParams.byName(config.network().id());
        wallet = WalletStore.open(config.dataDir());
        EventBus bus = vertx.eventBus();
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_CREATE), request -> answer(request, () -> {
            Address address = wallet.createAddress();
            LOG.info(() -> "New wallet address " + address);
            return new JsonObject().put("address", address.toString());
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_LIST), request -> answer(request, () -> new JsonObject()
                .put("addresses", new JsonArray(wallet.addresses().stream().map(Address::toString).toList()))));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_FIRST_ADDRESS), request -> answer(request, () -> {
            Address first = wallet.firstAddress().isPresent() ? wallet.firstAddress().get() : wallet.createAddress();
            return new JsonObject().put("address", first.toString());
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_SEND),
                request -> lastSend = lastSend.transform(previous -> sendSafely(request)));
        LOG.info(() -> "Wallet service ready with " + wallet.addresses().size() + " address(es)");
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (wallet != null) {
            wallet.close();
            LOG.info("Wallet database closed");
        }
        return Future.succeededFuture();
    }

    private Future<?> sendSafely(Message<JsonObject> request) {
        try {
            return send(request);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Payment request failed", e);
            request.fail(BusError.INTERNAL.code(), "internal error in the wallet service: " + e.getMessage());
            return Future.succeededFuture();
        }
    }

    /** Builds, signs and submits one payment; the future completes when the request is answered. */
    private Future<?> send(Message<JsonObject> request) {
        JsonObject body = request.body();
        String from = body.getValue("from") instanceof String s ? s : null;
        String to = body.getValue("to") instanceof String s ? s : null;
        Object amount = body.getValue("amount");
        // No fee named: the wallet pays the relay minimum for the payment's size.
        Object fee = body.getValue("fee");
        if (from == null || to == null) {
            request.fail(BusError.INVALID_REQUEST.code(), "from and to must be address strings");
            return Future.succeededFuture();
        }
        if (!(amount instanceof Number amountNumber) || amount instanceof Double
                || fee != null && (!(fee instanceof Number) || fee instanceof Double)) {
            request.fail(BusError.BAD_AMOUNT.code(), "amount and fee must be whole numbers of coins");
            return Future.succeededFuture();
        }
        Address sender;
        try {
            sender = Address.parse(from);
        } catch (AddressFormatException e) {
            request.fail(BusError.BAD_ADDRESS.code(), "from is not a valid address: " + e.getMessage());
            return Future.succeededFuture();
        }
        DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(CHAIN_TIMEOUT_MS);
        return vertx.eventBus().<JsonObject>request(addresses.of(BusAddresses.CHAIN_COINS),
                        new JsonObject().put("address", from), timeout)
                .compose(coins -> {
                    try {
                        CoinsSnapshot snapshot = new CoinsSnapshot(sender, coins.body());
                        Transaction tx = fee instanceof Number feeNumber
                                ? wallet.createPayment(from, to, amountNumber.longValue(), feeNumber.longValue(), snapshot, params)
                                : wallet.createPayment(from, to, amountNumber.longValue(), WalletStore.DEFAULT_FEE_RATE, snapshot, params);
                        return vertx.eventBus().<JsonObject>request(addresses.of(BusAddresses.CHAIN_SUBMIT_TX), tx, timeout);
                    } catch (WalletException e) {
                        return Future.failedFuture(new BusFailure(busError(e.code()), e.getMessage()));
                    } catch (BusFailure e) {
                        return Future.failedFuture(e);
                    }
                })
                .onSuccess(submitted -> {
                    LOG.info(() -> "Sent " + amount + " from " + from + " to " + to + " in " + submitted.body().getString("txid"));
                    request.reply(submitted.body());
                })
                .onFailure(failure -> {
                    if (failure instanceof BusFailure refused) {
                        request.fail(refused.error().code(), refused.getMessage());
                    } else {
                        request.fail(BusError.of(failure).code(), failure.getMessage());
                    }
                });
    }

    static BusError busError(WalletException.Code code) {
        return switch (code) {
            case AMOUNT_NOT_POSITIVE, NEGATIVE_FEE, AMOUNT_TOO_LARGE -> BusError.BAD_AMOUNT;
            case BAD_ADDRESS -> BusError.BAD_ADDRESS;
            case UNKNOWN_ADDRESS -> BusError.UNKNOWN_ADDRESS;
            case INSUFFICIENT_FUNDS -> BusError.INSUFFICIENT_FUNDS;
            case LOCKED -> BusError.WALLET_LOCKED;
            case TX_TOO_LARGE -> BusError.REJECTED;
            case NOT_ENCRYPTED, ALREADY_ENCRYPTED, EMPTY_PASSPHRASE, WRONG_PASSPHRASE -> BusError.INVALID_REQUEST;
        };
    }

    private interface Answer {
        JsonObject answer() throws WalletException;
    }

    private static void answer(Message<JsonObject> request, Answer answer) {
        try {
            request.reply(answer.answer());
        } catch (WalletException e) {
            request.fail(busError(e.code()).code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Wallet request to " + request.address() + " failed", e);
            request.fail(BusError.INTERNAL.code(), "internal error in the wallet service: " + e.getMessage());
        }
    }
}
