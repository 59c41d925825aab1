/**
 * The wallet: the node's keys in {@code wallet.db} ({@link minicoin.wallet.WalletStore}, SQLite
 * with its write-ahead log, every key synced before it is handed out, secrets optionally sealed
 * under a passphrase), balances of any address, and payments: coin selection over confirmed and
 * unconfirmed outputs, change, signing.
 *
 * <p>It learns of the chain and mempool only through {@link minicoin.wallet.CoinSource}, which
 * they implement; it neither validates nor broadcasts transactions, and knows nothing of Vert.x.
 * The verticle that owns a store and answers the event bus is a thin shell around it.
 */
package minicoin.wallet;
