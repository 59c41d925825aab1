package minicoin.chain.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import minicoin.chain.ChainState;
import minicoin.chain.ChainStoreException;
import minicoin.chain.SignatureVerifier;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;

/**
 * Bitcoin Core's {@code -reindex-chainstate} for {@link MapDbChainStore}: every block a scan of
 * the block files found is submitted to a {@link ChainState} over the emptied store, parents
 * before children, so the block index is rebuilt and the best valid chain connected with every
 * rule checked again (proof of work, difficulty, times, coinbase, spends, signatures). A block
 * whose record was damaged is not found, so nothing that builds on it is submitted: the chain
 * stops below it, and the summary says where and why.
 */
final class BlockFileRebuild implements MapDbChainStore.Reconnector {

    /** A progress line every 10 seconds: a long rebuild shows it is alive without flooding the log. */
    static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

    private static final Logger LOG = Logger.getLogger(BlockFileRebuild.class.getName());

    private final ConsensusParams params;
    private final SignatureVerifier verifier;
    private final LongSupplier nowSeconds;

    BlockFileRebuild(ConsensusParams params, SignatureVerifier verifier, LongSupplier nowSeconds) {
        this.params = params;
        this.verifier = verifier;
        this.nowSeconds = nowSeconds;
    }

    @Override
    public String reconnect(MapDbChainStore store, BlockScan scan) {
        Map<Hash, BlockScan.Found> byHash = new HashMap<>();
        Map<Hash, List<BlockScan.Found>> children = new HashMap<>();
        Deque<BlockScan.Found> pending = new ArrayDeque<>();
        for (BlockScan.Found found : scan.blocks()) {
            if (byHash.putIfAbsent(found.hash(), found) != null) {
                continue;
            }
            if (found.header().prevHash().isZero()) {
                pending.add(found);
            } else {
                children.computeIfAbsent(found.header().prevHash(), parent -> new ArrayList<>()).add(found);
            }
        }
        ChainState chain = new ChainState(params, store, verifier, nowSeconds, Optional.empty());
        Set<Hash> submitted = new HashSet<>();
        int rejected = 0;
        long lastProgress = System.nanoTime();
        while (!pending.isEmpty()) {
            BlockScan.Found next = pending.poll();
            submitted.add(next.hash());
            Block block;
            try {
                block = store.readFound(next);
            } catch (ChainStoreException e) {
                rejected++;
                LOG.warning(() -> "rebuild: " + e.getMessage());
                continue;
            }
            ChainState.BlockResult result = chain.submitBlock(block);
            if (result.outcome() == ChainState.Outcome.REJECTED) {
                rejected++;
                LOG.warning(() -> "rebuild: block " + next.hash() + " is rejected: " + result.rejection().orElseThrow());
                continue;
            }
            pending.addAll(children.getOrDefault(next.hash(), List.of()));
            if (System.nanoTime() - lastProgress > PROGRESS_INTERVAL_NANOS) {
                lastProgress = System.nanoTime();
                long height = chain.tipHeight();
                int done = submitted.size();
                LOG.info(() -> "rebuild: " + done + " of " + byHash.size() + " blocks submitted, tip at height " + height);
            }
        }
        StringBuilder summary = new StringBuilder();
        summary.append(chain.hasGenesis() ? "the chain stops at height " + chain.tipHeight() + " (tip " + chain.tipHash() + ")"
                : "no genesis block was found, the chain is empty");
        summary.append("; ").append(submitted.size()).append(" of ").append(byHash.size())
                .append(" block(s) found were submitted, ").append(rejected).append(" rejected");
        List<BlockScan.Found> unreached = byHash.values().stream().filter(found -> !submitted.contains(found.hash())).toList();
        if (!unreached.isEmpty()) {
            BlockScan.Found waiting = unreached.stream()
                    .filter(found -> !submitted.contains(found.header().prevHash()))
                    .findFirst().orElse(unreached.get(0));
            summary.append("; ").append(unreached.size()).append(" block(s) were not connected because an ancestor is")
                    .append(" damaged, missing or invalid (block ").append(waiting.hash()).append(" needs ")
                    .append(waiting.header().prevHash()).append(")");
        }
        return summary.toString();
    }
}
