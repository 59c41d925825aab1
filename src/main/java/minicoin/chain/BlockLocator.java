package minicoin.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import minicoin.core.BlockHeader;
import minicoin.core.Hash;

/**
 * Bitcoin's block locator: a short list of main-chain hashes, dense near the tip and sparse
 * towards genesis, from which a peer finds the fork point with its own chain in one round trip.
 *
 * <p>Read-only queries on a {@link ChainState}; call them on the thread that owns the chain.
 */
public final class BlockLocator {

    /** Hashes one step apart after the tip before the step starts doubling (Bitcoin's 10). */
    static final int DENSE_STEPS = 10;

    private BlockLocator() {
    }

    /**
     * The tip, the 10 blocks below it, then steps doubling (2, 4, 8, ...) down the main chain,
     * always ending with genesis; empty for a chain with no genesis. About 12 + log2(height)
     * hashes, so well under the wire cap of 101.
     */
    public static List<Hash> of(ChainState chain) {
        List<Hash> locator = new ArrayList<>();
        long height = chain.tipHeight();
        long step = 1;
        while (height >= 0) {
            locator.add(mainHash(chain, height));
            if (height == 0) {
                break;
            }
            if (locator.size() > DENSE_STEPS) {
                step *= 2;
            }
            height = Math.max(height - step, 0);
        }
        return List.copyOf(locator);
    }

    /** The first hash of {@code locator} on our main chain: the last block both sides agree on. */
    public static Optional<Hash> forkPoint(ChainState chain, List<Hash> locator) {
        for (Hash hash : locator) {
            if (chain.isOnMainChain(hash)) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    /**
     * Our main-chain headers after the fork point with {@code locator}, in chain order, ending at
     * {@code stop} (included) or after {@code max} headers, whichever comes first; {@link Hash#ZERO}
     * means no stop. An empty locator asks for everything from genesis on (a node with no chain
     * yet); a locator that meets our main chain nowhere gets nothing (another network's chain).
     */
    public static List<BlockHeader> headersAfter(ChainState chain, List<Hash> locator, Hash stop, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        long start;
        if (locator.isEmpty()) {
            start = 0;
        } else {
            Optional<Hash> fork = forkPoint(chain, locator);
            if (fork.isEmpty()) {
                return List.of();
            }
            start = chain.indexEntry(fork.get()).orElseThrow().height() + 1;
        }
        List<BlockHeader> headers = new ArrayList<>();
        for (long height = start; height <= chain.tipHeight() && headers.size() < max; height++) {
            Hash hash = mainHash(chain, height);
            headers.add(chain.indexEntry(hash).orElseThrow().header());
            if (hash.equals(stop)) {
                break;
            }
        }
        return List.copyOf(headers);
    }

    private static Hash mainHash(ChainState chain, long height) {
        return chain.mainChainHash(height)
                .orElseThrow(() -> new IllegalStateException("no main-chain block at height " + height));
    }
}
