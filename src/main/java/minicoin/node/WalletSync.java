package minicoin.node;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.Transaction;
import minicoin.wallet.WalletStore;
import minicoin.wallet.WalletTx;

/**
 * Keeps the wallet's transaction records in step with the chain worker: it catches up on blocks
 * connected while the wallet was not running, and offers every pending record to the chain again
 * (Bitcoin Core's ResendWalletTransactions), so a payment that returned a txid reaches the mempool
 * and the peers even after a crash or a restart that lost the pool. Runs on the wallet worker.
 */
final class WalletSync {

    /**
     * Blocks a restarted wallet looks back before the last one it saw: a reorg of up to this depth
     * while it was down still sets its records right. Six is Bitcoin's customary final depth.
     */
    static final int CATCH_UP_OVERLAP_BLOCKS = 6;
    /** A wallet that never saw a block looks back this far for blocks holding its pending payments. */
    static final int FIRST_CATCH_UP_BLOCKS = 100;

    private static final Logger LOG = Logger.getLogger(WalletSync.class.getName());

    private final EventBus bus;
    private final BusAddresses addresses;
    private final WalletStore wallet;
    private final LongSupplier nowSeconds;
    private final DeliveryOptions timeout;

    /** What one rebroadcast round did. */
    record Round(int offered, int accepted, int alreadyPooled, int refused) {
    }

    WalletSync(EventBus bus, BusAddresses addresses, WalletStore wallet, LongSupplier nowSeconds, long timeoutMillis) {
        this.bus = bus;
        this.addresses = addresses;
        this.wallet = wallet;
        this.nowSeconds = nowSeconds;
        this.timeout = new DeliveryOptions().setSendTimeout(timeoutMillis);
    }

    /** A block joined the main chain (published, or fetched while catching up). */
    void blockConnected(Block block) {
        long height = block.transactions().get(0).coinbaseHeight().orElse(-1);
        if (height >= 0) {
            wallet.blockConnected(block, height, nowSeconds.getAsLong());
        }
    }

    /**
     * The chain says these transactions ({"txids": [...]}) left it and the pool in conflict with it:
     * the records among them, and those spending them, are conflicted.
     */
    void transactionsLeft(JsonObject event) {
        List<Hash> txids = event.getJsonArray("txids", new JsonArray()).stream()
                .map(txid -> Hash.fromHex((String) txid)).toList();
        if (!txids.isEmpty()) {
            wallet.transactionsLeft(txids);
        }
    }

    /** The mempool accepted a transaction: records one paying the wallet, or one a reorg returned. */
    void transactionSeen(Transaction tx) {
        wallet.transactionSeen(tx, nowSeconds.getAsLong());
    }

    /** Replays the main chain's blocks from a little before the last one the wallet saw up to the tip. */
    Future<Void> catchUp() {
        return bus.<JsonObject>request(addresses.of(BusAddresses.CHAIN_INFO), new JsonObject(), timeout).compose(info -> {
            long tip = info.body().getLong("height", -1L);
            OptionalLong last = wallet.lastBlockHeight();
            long from = Math.max(1, last.isPresent() ? last.getAsLong() - CATCH_UP_OVERLAP_BLOCKS : tip - FIRST_CATCH_UP_BLOCKS);
            if (tip < from) {
                return Future.succeededFuture();
            }
            LOG.info(() -> "Wallet catching up on blocks " + from + " to " + tip);
            return replay(from, tip);
        });
    }

    /**
     * Replays the whole main chain into the records, for a key just imported: its past payments
     * are then in the history. One block at a time, so chain events queued behind it wait; a block
     * already recorded is recorded again to the same effect.
     */
    Future<Void> rescan() {
        return bus.<JsonObject>request(addresses.of(BusAddresses.CHAIN_INFO), new JsonObject(), timeout).compose(info -> {
            long tip = info.body().getLong("height", -1L);
            LOG.info(() -> "Wallet rescanning blocks 1 to " + tip + " for an imported key");
            return replay(1, tip);
        });
    }

    private Future<Void> replay(long height, long tip) {
        if (height > tip) {
            return Future.succeededFuture();
        }
        return bus.<Block>request(addresses.of(BusAddresses.CHAIN_GET_BLOCK), new JsonObject().put("height", height), timeout)
                .compose(reply -> {
                    blockConnected(reply.body());
                    return replay(height + 1, tip);
                });
    }

    /**
     * Offers every pending record to the chain, oldest first (parents before children): one it
     * lacks is admitted, and either way it is announced to the peers again. A refusal is noted on
     * the record, which stays pending: a block confirming it or a rival settles it. Stops at the
     * first failure that is not a refusal (the chain is not there).
     */
    Future<Round> rebroadcast() {
        List<WalletTx> pending = wallet.pendingTransactions();
        return offer(pending, 0, new Round(0, 0, 0, 0)).onSuccess(round -> {
            if (round.offered() > 0) {
                LOG.info(() -> "Rebroadcast " + round.offered() + " pending wallet transaction(s): " + round.accepted()
                        + " admitted to the mempool again, " + round.alreadyPooled() + " already there, "
                        + round.refused() + " refused");
            }
        });
    }

    private Future<Round> offer(List<WalletTx> pending, int index, Round so) {
        if (index == pending.size()) {
            return Future.succeededFuture(so);
        }
        WalletTx record = pending.get(index);
        return bus.<JsonObject>request(addresses.of(BusAddresses.CHAIN_REBROADCAST_TX), record.tx(), timeout)
                .map(reply -> reply.body().getBoolean("accepted", false)
                        ? new Round(so.offered() + 1, so.accepted() + 1, so.alreadyPooled(), so.refused())
                        : new Round(so.offered() + 1, so.accepted(), so.alreadyPooled() + 1, so.refused()))
                .recover(failure -> {
                    if (BusError.of(failure) != BusError.REJECTED) {
                        return Future.failedFuture(failure);
                    }
                    wallet.noteRefusal(record.txid(), failure.getMessage());
                    LOG.fine(() -> "Rebroadcast of " + record.txid() + " refused: " + failure.getMessage());
                    return Future.succeededFuture(new Round(so.offered() + 1, so.accepted(), so.alreadyPooled(),
                            so.refused() + 1));
                })
                .compose(round -> offer(pending, index + 1, round));
    }
}
