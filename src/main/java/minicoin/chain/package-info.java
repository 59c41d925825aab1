/**
 * The chain: block index, UTXO set, undo records, contextual validation, fork choice and reorgs
 * ({@link minicoin.chain.ChainState}) over a {@link minicoin.chain.ChainStore} (SQLite on disk
 * behind a write-back coins cache, or SQLite in memory in tests), and the mempool.
 *
 * <p>Plain classes driven by one writer thread; no Vert.x here. The verticle that owns them and
 * answers the event bus lives in {@code minicoin.node}.
 */
package minicoin.chain;
