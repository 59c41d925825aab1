/**
 * The chain: block index, UTXO set, undo records, contextual validation, fork choice and reorgs
 * ({@link minicoin.chain.ChainState}) over a {@link minicoin.chain.ChainStore} (the MapDB engine
 * of {@code minicoin.chain.store}), the start-time check of the last blocks
 * ({@link minicoin.chain.VerifyChain}), and the mempool.
 *
 * <p>Plain classes driven by one writer thread; no Vert.x here. The verticle that owns them and
 * answers the event bus lives in {@code minicoin.node}.
 */
package minicoin.chain;
