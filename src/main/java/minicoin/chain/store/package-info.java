/**
 * The chain's storage engine on MapDB, crash-safe by its own redo journal (docs/storage.md, "The
 * MapDB engine"): append-only block files, a journal of commits served from memory, and immutable
 * MapDB generations rebuilt off the writer thread at each checkpoint. {@link
 * minicoin.chain.store.MapDbChainStore} is the {@link minicoin.chain.ChainStore} on top, and {@link
 * minicoin.chain.store.ChainStores#open} how the node opens it: with the consensus rules, so that an
 * index that cannot be recovered is rebuilt from the block files through {@link minicoin.chain.ChainState},
 * and the SQLite {@code chain.db} of earlier versions is imported (the only reader of that format
 * left, {@code LegacyChainDb}, lives here for that alone).
 *
 * <p>MapDB's own write-ahead log ({@code transactionEnable()}) is never used: MapDB 3.x never
 * replays it, and a kill during its in-place commit corrupts the file. No Vert.x here.
 */
package minicoin.chain.store;
