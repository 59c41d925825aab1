package minicoin.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.bus.BusFailure;
import minicoin.config.NodeConfig;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.JsonView;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.crypto.Wif;
import minicoin.wallet.Payee;
import minicoin.wallet.WalletHistory;
import minicoin.wallet.WalletException;
import minicoin.wallet.WalletStore;
import minicoin.wallet.WalletTx;

/**
 * The wallet worker: owns wallet.db and answers the {@code wallet.*} addresses
 * (docs/eventbus.md). A payment asks the chain worker for the sender's coins, is built and signed
 * here, and is handed to the chain worker's mempool. Encryption, unlocking and backups
 * (docs/wallet.md) run here too; a timer locks the wallet again when an unlock's time is up.
 */
public final class WalletVerticle extends VerticleBase {

    /** How long the wallet waits for the chain worker. */
    static final long CHAIN_TIMEOUT_MS = 30_000;

    /**
     * Records a history request may read: each is a row read and decoded on the wallet worker, so
     * this bounds one request's work and reply (about 10 MB of JSON at most).
     */
    static final int MAX_HISTORY_RECORDS = 10_000;
    /** Bitcoin Core's words for a locked wallet (WalletStore's own, which it keeps package-private). */
    private static final String WALLET_LOCKED_MESSAGE = "Error: Please enter the wallet passphrase with walletpassphrase first.";

    private static final Logger LOG = Logger.getLogger(WalletVerticle.class.getName());

    private WalletStore wallet;
    private BusAddresses addresses;
    private ConsensusParams params;
    private WalletSync sync;
    private long rebroadcastMillis;
    private long rebroadcastTimer = -1;
    /**
     * Payments run one after another: two at once would both see the same unconfirmed change and
     * the second would be refused as a double spend. Rebroadcast rounds join the same queue, and
     * the first (at start) comes before any payment, so a new payment sees the old ones in the pool.
     */
    private Future<?> lastSend = Future.succeededFuture();
    /** The timer that locks the wallet when its unlock runs out; -1 when none is set. */
    private long relockTimer = -1;
    /**
     * Blocks and mempool transactions are applied to the records in the order they were published,
     * after the catch-up at start: records depend on the order blocks connect in.
     */
    private Future<?> lastChainEvent = Future.succeededFuture();

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
        serveEncryptionAndBackup(bus);
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_GET_TRANSACTION), this::transaction);
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_HISTORY), request -> answer(request, () -> history(request.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_ADDRESS_INFO), request -> answer(request, () -> {
            Address address = address(request.body());
            JsonObject info = new JsonObject().put("address", address.toString()).put("mine", wallet.owns(address))
                    .put("locked", wallet.isLocked());
            wallet.publicKey(address).ifPresent(key -> info.put("pubkey", HexFormat.of().formatHex(key.toBytes())));
            return info;
        }));
        serveKeys(bus);

        sync = new WalletSync(bus, addresses, wallet, () -> System.currentTimeMillis() / 1000, CHAIN_TIMEOUT_MS);
        bus.<Block>consumer(addresses.of(BusAddresses.CHAIN_BLOCK_CONNECTED),
                message -> afterChainEvents(() -> sync.blockConnected(message.body())));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_TXS_LEFT),
                message -> afterChainEvents(() -> sync.transactionsLeft(message.body())));
        bus.<Transaction>consumer(addresses.of(BusAddresses.MEMPOOL_TX_ACCEPTED),
                message -> afterChainEvents(() -> sync.transactionSeen(message.body())));
        // Subscribed first, so no block connected during the catch-up is missed.
        lastChainEvent = sync.catchUp().recover(failure -> {
            LOG.warning(() -> "Wallet could not catch up with the chain (" + failure.getMessage()
                    + "); its records follow new blocks from now");
            return Future.succeededFuture();
        });
        rebroadcastMillis = config.wallet().rebroadcastSeconds() * 1000L;
        lastSend = lastChainEvent.transform(caughtUp -> rebroadcastRound());
        LOG.info(() -> "Wallet service ready with " + wallet.addresses().size() + " address(es), "
                + wallet.pendingTransactions().size() + " pending transaction(s)");
        return Future.succeededFuture();
    }

    private void afterChainEvents(Runnable event) {
        lastChainEvent = lastChainEvent.transform(previous -> {
            try {
                event.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Recording a chain event in the wallet failed", e);
            }
            return Future.succeededFuture();
        });
    }

    /** One rebroadcast round, then the next one scheduled after a random wait of half to one and a half periods. */
    private Future<?> rebroadcastRound() {
        Future<?> round;
        try {
            round = sync.rebroadcast().recover(failure -> {
                LOG.warning(() -> "Rebroadcast of pending wallet transactions stopped: " + failure.getMessage()
                        + "; retried in the next round");
                return Future.succeededFuture();
            });
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Rebroadcast of pending wallet transactions failed", e);
            round = Future.succeededFuture();
        }
        return round.onComplete(done -> {
            long delay = rebroadcastMillis / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, rebroadcastMillis));
            rebroadcastTimer = vertx.setTimer(delay, id -> lastSend = lastSend.transform(previous -> rebroadcastRound()));
        });
    }

    /** The most recent records' entries, newest first, with the last block the wallet saw (for confirmations). */
    private JsonObject history(JsonObject body) throws BusFailure {
        Object limit = body.getValue("limit");
        if (!(limit instanceof Number number) || limit instanceof Double || number.longValue() < 0
                || number.longValue() > MAX_HISTORY_RECORDS) {
            throw new BusFailure(BusError.INVALID_REQUEST, "limit must be a whole number from 0 to " + MAX_HISTORY_RECORDS);
        }
        JsonArray entries = new JsonArray();
        for (WalletHistory.Entry entry : WalletHistory.entries(wallet.recentTransactions(number.intValue()), wallet.keyHashes())) {
            entries.add(entryJson(entry));
        }
        JsonObject reply = new JsonObject().put("entries", entries);
        wallet.lastBlockHeight().ifPresent(height -> reply.put("lastBlockHeight", height));
        return reply;
    }

    /** One history entry as wallet.history and wallet.getTransaction give it (amounts and fee in whole coins). */
    private static JsonObject entryJson(WalletHistory.Entry entry) {
        WalletTx record = entry.record();
        JsonObject json = new JsonObject().put("txid", record.txid().toString()).put("category", entry.category().id())
                .put("address", entry.address().toString()).put("amount", entry.amount()).put("vout", entry.vout())
                .put("status", record.status().id()).put("created", record.created());
        entry.fee().ifPresent(fee -> json.put("fee", fee));
        record.blockHash().ifPresent(hash -> json.put("blockHash", hash.toString()));
        record.height().ifPresent(height -> json.put("height", height));
        return json;
    }

    private static Address address(JsonObject body) throws BusFailure {
        if (!(body.getValue("address") instanceof String text)) {
            throw new BusFailure(BusError.INVALID_REQUEST, "address must be a string");
        }
        try {
            return Address.parse(text);
        } catch (AddressFormatException e) {
            throw new BusFailure(BusError.BAD_ADDRESS, "Invalid Bitcoin address");
        }
    }

    /**
     * Private keys out and in (dumpprivkey, importprivkey). A key travels only in the request or
     * reply body; the log names its address, never the key. An imported key is sealed under the
     * passphrase when the wallet is encrypted; its coins count at once (balances are read from the
     * chain's coins by address), and with {@code rescan} the main chain is replayed into the records
     * after the chain events already queued, so the history learns the key's past transactions.
     */
    private void serveKeys(EventBus bus) {
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_DUMP_KEY), request -> answer(request, () -> {
            if (wallet.isLocked()) {
                throw new BusFailure(BusError.WALLET_LOCKED, WALLET_LOCKED_MESSAGE);
            }
            Address address = address(request.body());
            return new JsonObject().put("wif", new Wif(wallet.exportKey(address), true).encode());
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_IMPORT_KEY), request -> answer(request, () -> {
            if (wallet.isLocked()) {
                throw new BusFailure(BusError.WALLET_LOCKED, WALLET_LOCKED_MESSAGE);
            }
            if (!(request.body().remove("wif") instanceof String text)) {
                throw new BusFailure(BusError.INVALID_REQUEST, "wif must be a string");
            }
            Wif wif;
            try {
                wif = Wif.decode(text);
            } catch (AddressFormatException e) {
                // The reason, never the string: it may be a real key with a typo.
                throw new BusFailure(BusError.BAD_ADDRESS, "Invalid private key encoding (" + e.reason() + ")");
            }
            WalletStore.ImportedKey imported = wallet.importUserKey(wif.key());
            LOG.info(() -> "Imported the key of " + imported.address() + (imported.added() ? "" : " (already in the wallet)"));
            boolean rescan = request.body().getBoolean("rescan", true);
            if (rescan && imported.added()) {
                lastChainEvent = lastChainEvent.transform(previous -> sync.rescan().recover(failure -> {
                    LOG.warning(() -> "Rescan after importing a key stopped: " + failure.getMessage());
                    return Future.succeededFuture();
                }));
            }
            return new JsonObject().put("address", imported.address().toString()).put("added", imported.added())
                    .put("rescan", rescan && imported.added());
        }));
    }

    /**
     * {"txid"} → the wallet's record of it, with its history {@code entries} (as wallet.history's,
     * the record's sends before its receives), the encoded transaction's {@code hex}, the recorded
     * {@code fee} of a payment it made and the {@code lastBlockHeight} the wallet saw (for
     * confirmations); NOT_FOUND when the wallet neither made it nor was paid by it.
     */
    private void transaction(Message<JsonObject> request) {
        Hash txid;
        try {
            txid = Hash.fromHex(request.body().getString("txid", ""));
        } catch (IllegalArgumentException | ClassCastException e) {
            request.fail(BusError.INVALID_REQUEST.code(), "txid must be a 64-digit hex hash");
            return;
        }
        if (wallet.transaction(txid).isEmpty()) {
            request.fail(BusError.NOT_FOUND.code(), "the wallet has no transaction " + txid);
            return;
        }
        answer(request, () -> transactionJson(txid));
    }

    private JsonObject transactionJson(Hash txid) {
        WalletTx record = wallet.transaction(txid).orElseThrow();
        JsonObject json = new JsonObject().put("txid", txid.toString())
                .put("status", record.status().id()).put("mine", record.mine()).put("created", record.created())
                .put("transaction", new JsonObject(JsonView.transaction(record.tx())));
        record.blockHash().ifPresent(hash -> json.put("blockHash", hash.toString()));
        record.height().ifPresent(height -> json.put("height", height));
        record.note().ifPresent(note -> json.put("note", note));
        record.fee().ifPresent(fee -> json.put("fee", fee));
        json.put("hex", HexFormat.of().formatHex(record.tx().encode()));
        JsonArray entries = new JsonArray();
        for (WalletHistory.Entry entry : WalletHistory.entries(List.of(record), wallet.keyHashes())) {
            entries.add(entryJson(entry));
        }
        json.put("entries", entries);
        wallet.lastBlockHeight().ifPresent(height -> json.put("lastBlockHeight", height));
        return json;
    }

    @Override
    public Future<?> stop() {
        if (rebroadcastTimer >= 0) {
            vertx.cancelTimer(rebroadcastTimer);
        }
        if (wallet != null) {
            wallet.close();
            LOG.info("Wallet database closed");
        }
        return Future.succeededFuture();
    }

    /**
     * The passphrase requests. Each passphrase is taken out of the request body as a char array,
     * zeroed once used, and never logged; a derivation takes a fraction of a second, so these run
     * here on the worker, never on an event loop.
     */
    private void serveEncryptionAndBackup(EventBus bus) {
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_ENCRYPT), request -> answer(request, () -> {
            char[] passphrase = passphrase(request.body(), "passphrase");
            try {
                wallet.encrypt(passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            scheduleRelock();
            LOG.info("Wallet encrypted; it is locked until walletpassphrase unlocks it");
            return new JsonObject();
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_UNLOCK), request -> answer(request, () -> {
            Object seconds = request.body().getValue("seconds");
            if (!(seconds instanceof Number number) || seconds instanceof Double || number.longValue() < 0) {
                throw new BusFailure(BusError.INVALID_REQUEST, "seconds must be a whole number, 0 or more");
            }
            char[] passphrase = passphrase(request.body(), "passphrase");
            try {
                wallet.unlock(passphrase, Duration.ofSeconds(Math.min(number.longValue(), WalletStore.MAX_UNLOCK.toSeconds())));
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            scheduleRelock();
            LOG.info(() -> "Wallet unlocked for " + number.longValue() + " s");
            return new JsonObject();
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_LOCK), request -> answer(request, () -> {
            if (!wallet.isEncrypted()) {
                throw new BusFailure(BusError.WRONG_ENCRYPTION_STATE, "the wallet has no passphrase, so it cannot be locked");
            }
            wallet.lock();
            scheduleRelock();
            LOG.info("Wallet locked");
            return new JsonObject();
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_CHANGE_PASSPHRASE), request -> answer(request, () -> {
            char[] old = passphrase(request.body(), "old");
            char[] fresh = null;
            try {
                fresh = passphrase(request.body(), "new");
                wallet.changePassphrase(old, fresh);
            } finally {
                Arrays.fill(old, '\0');
                if (fresh != null) {
                    Arrays.fill(fresh, '\0');
                }
            }
            LOG.info("Wallet passphrase changed");
            return new JsonObject();
        }));
        bus.<JsonObject>consumer(addresses.of(BusAddresses.WALLET_BACKUP), request -> answer(request, () -> {
            Path target;
            try {
                target = Path.of(request.body().getString("path", ""));
            } catch (InvalidPathException | ClassCastException e) {
                throw new BusFailure(BusError.INVALID_REQUEST, "path must be a file path");
            }
            wallet.backup(target);
            LOG.info(() -> "Wallet backed up to " + target);
            return new JsonObject().put("path", target.toString());
        }));
    }

    /** Takes a passphrase out of the body (so the String is dropped sooner) as a char array the caller zeroes. */
    private static char[] passphrase(JsonObject body, String field) throws BusFailure {
        if (!(body.remove(field) instanceof String text)) {
            throw new BusFailure(BusError.INVALID_REQUEST, field + " must be a string");
        }
        return text.toCharArray();
    }

    /** Sets (or cancels) the timer that locks the wallet when the current unlock runs out. */
    private void scheduleRelock() {
        if (relockTimer >= 0) {
            vertx.cancelTimer(relockTimer);
            relockTimer = -1;
        }
        wallet.timeLeftUnlocked().ifPresent(left -> relockTimer = vertx.setTimer(Math.max(1, left.toMillis() + 1), id -> {
            relockTimer = -1;
            if (wallet.isLocked()) {
                LOG.info("Wallet locked: its unlock time ran out");
            } else {
                // Timers and the wallet's clock may differ by a millisecond: look again when it is due.
                scheduleRelock();
            }
        }));
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
        // Several payees ({"outputs": [{"address", "amount"}], "subtractFeeFrom": [address]}) instead of to and amount: sendmany.
        List<Payee> payees;
        try {
            payees = body.getValue("outputs") == null ? null : payees(body);
        } catch (BusFailure e) {
            request.fail(e.error().code(), e.getMessage());
            return Future.succeededFuture();
        }
        String to = payees != null ? "" : body.getValue("to") instanceof String s ? s : null;
        Object amount = payees != null ? Long.valueOf(0) : body.getValue("amount");
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
                        Transaction tx = payees != null
                                ? wallet.createPayment(sender, payees, WalletStore.DEFAULT_FEE_RATE, snapshot, params)
                                : fee instanceof Number feeNumber
                                ? wallet.createPayment(from, to, amountNumber.longValue(), feeNumber.longValue(), snapshot, params)
                                : wallet.createPayment(from, to, amountNumber.longValue(), WalletStore.DEFAULT_FEE_RATE, snapshot, params);
                        long paidFee = tx.inputs().stream().mapToLong(input -> snapshot.valueOf(input.prevOut())).sum()
                                - tx.outputs().stream().mapToLong(TxOut::value).sum();
                        // On disk before the chain sees it: a payment that may leave the node is never forgotten.
                        wallet.recordCreated(tx, paidFee, System.currentTimeMillis() / 1000);
                        return vertx.eventBus().<JsonObject>request(addresses.of(BusAddresses.CHAIN_SUBMIT_TX), tx, timeout)
                                .recover(failure -> Future.failedFuture(submitFailed(tx, failure)));
                    } catch (WalletException e) {
                        return Future.failedFuture(new BusFailure(busError(e.code()), e.getMessage()));
                    } catch (BusFailure e) {
                        return Future.failedFuture(e);
                    }
                })
                .onSuccess(submitted -> {
                    LOG.info(() -> "Sent " + (payees == null ? amount + " from " + from + " to " + to
                            : "to " + payees.size() + " payees from " + from) + " in " + submitted.body().getString("txid"));
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

    /** The payees of a payment to several addresses; BAD_ADDRESS, BAD_AMOUNT or INVALID_REQUEST as for one payee. */
    private static List<Payee> payees(JsonObject body) throws BusFailure {
        if (!(body.getValue("outputs") instanceof JsonArray outputs) || outputs.size() > WalletStore.MAX_PAYEES) {
            throw new BusFailure(BusError.INVALID_REQUEST, "outputs must be an array of at most "
                    + WalletStore.MAX_PAYEES + " {address, amount} objects");
        }
        Set<String> subtract = new HashSet<>();
        Object named = body.getValue("subtractFeeFrom");
        if (named instanceof JsonArray list) {
            list.forEach(address -> subtract.add(String.valueOf(address)));
        } else if (named != null) {
            throw new BusFailure(BusError.INVALID_REQUEST, "subtractFeeFrom must be an array of addresses");
        }
        List<Payee> payees = new ArrayList<>();
        for (Object item : outputs) {
            if (!(item instanceof JsonObject output) || !(output.getValue("address") instanceof String address)) {
                throw new BusFailure(BusError.INVALID_REQUEST, "each output must be {address, amount}");
            }
            Object value = output.getValue("amount");
            if (!(value instanceof Number number) || value instanceof Double || value instanceof Float) {
                throw new BusFailure(BusError.BAD_AMOUNT, "amounts must be whole numbers of coins");
            }
            try {
                payees.add(new Payee(Address.parse(address), number.longValue(), subtract.contains(address)));
            } catch (AddressFormatException e) {
                throw new BusFailure(BusError.BAD_ADDRESS, "Invalid Bitcoin address: " + address);
            }
        }
        return payees;
    }

    /**
     * A refusal marks the record REFUSED (it never left the node). Any other failure leaves it
     * pending, as the chain may have taken it: the user is told it will be rebroadcast, so as not
     * to pay twice.
     */
    private BusFailure submitFailed(Transaction tx, Throwable failure) {
        BusError error = BusError.of(failure);
        if (error == BusError.REJECTED) {
            wallet.markRefused(tx.txid(), failure.getMessage());
            return new BusFailure(error, failure.getMessage());
        }
        LOG.warning(() -> "Payment " + tx.txid() + " was recorded but the chain did not confirm taking it ("
                + failure.getMessage() + "); it stays pending and is rebroadcast");
        return new BusFailure(BusError.INTERNAL, failure.getMessage() + "; payment " + tx.txid() + " is recorded in the"
                + " wallet and will be rebroadcast, so check it (gettransaction) before paying again");
    }

    static BusError busError(WalletException.Code code) {
        return switch (code) {
            case AMOUNT_NOT_POSITIVE, NEGATIVE_FEE, AMOUNT_TOO_LARGE -> BusError.BAD_AMOUNT;
            case BAD_ADDRESS -> BusError.BAD_ADDRESS;
            case UNKNOWN_ADDRESS -> BusError.UNKNOWN_ADDRESS;
            case INSUFFICIENT_FUNDS -> BusError.INSUFFICIENT_FUNDS;
            case LOCKED -> BusError.WALLET_LOCKED;
            case TX_TOO_LARGE -> BusError.REJECTED;
            case NOT_ENCRYPTED, ALREADY_ENCRYPTED -> BusError.WRONG_ENCRYPTION_STATE;
            case WRONG_PASSPHRASE -> BusError.WRONG_PASSPHRASE;
            case EMPTY_PASSPHRASE, INVALID_PASSPHRASE, RELATIVE_BACKUP_PATH -> BusError.INVALID_REQUEST;
            case BACKUP_FAILED, FEE_EXCEEDS_AMOUNT -> BusError.WALLET_ERROR;
            case TOO_MANY_OUTPUTS, DUPLICATE_ADDRESS -> BusError.INVALID_REQUEST;
        };
    }

    private interface Answer {
        JsonObject answer() throws WalletException, BusFailure;
    }

    private static void answer(Message<JsonObject> request, Answer answer) {
        try {
            request.reply(answer.answer());
        } catch (WalletException e) {
            request.fail(busError(e.code()).code(), e.getMessage());
        } catch (BusFailure e) {
            request.fail(e.error().code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Wallet request to " + request.address() + " failed", e);
            request.fail(BusError.INTERNAL.code(), "internal error in the wallet service: " + e.getMessage());
        }
    }
}
