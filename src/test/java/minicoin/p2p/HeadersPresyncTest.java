package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import minicoin.chain.TestBlocks;
import minicoin.core.BlockHeader;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.core.ProofOfWork;
import org.junit.jupiter.api.Test;

/** The header pre-sync on its own: what it keeps, when it stores, and what it refuses. */
class HeadersPresyncTest {

    private static final ConsensusParams PARAMS = TestBlocks.PARAMS;
    private static final BlockHeader START = TestBlocks.genesis().header();
    private static final BigInteger BLOCK_WORK = ProofOfWork.workOfBits(PARAMS.initialBits());
    private static final byte[] SALT = {1, 2, 3, 4, 5, 6, 7, 8};

    /** {@code count} solved headers after {@code parent}, tagged so that branches differ. */
    static List<BlockHeader> headers(BlockHeader parent, int count, String tag) {
        List<BlockHeader> headers = new ArrayList<>(count);
        Hash root = Hash.doubleSha256(tag.getBytes());
        BlockHeader previous = parent;
        for (int i = 0; i < count; i++) {
            BlockHeader next = new BlockHeader(BlockHeader.CURRENT_VERSION, previous.hash(), root, previous.time() + 1,
                    PARAMS.initialBits(), 0);
            previous = HeaderHasher.solve(next);
            headers.add(previous);
        }
        return headers;
    }

    /** A pre-sync from genesis that must reach the work of a chain {@code blocks} long. */
    private static HeadersPresync presync(int blocks) {
        HeadersPresync.ChainStart start = new HeadersPresync.ChainStart(START, 0, BLOCK_WORK, START.time());
        return new HeadersPresync(PARAMS, start, BLOCK_WORK.multiply(BigInteger.valueOf(blocks + 1L)), SALT, TestBlocks.NOW);
    }

    /** Feeds {@code branch} in answers of up to 2,000, as a peer would, until the pre-sync stops asking. */
    private static List<HeadersPresync.Result> feed(HeadersPresync presync, List<BlockHeader> branch, List<BlockHeader> second) {
        List<HeadersPresync.Result> results = new ArrayList<>();
        List<BlockHeader> source = branch;
        int from = 0;
        while (true) {
            int to = Math.min(source.size(), from + Headers.MAX_HEADERS);
            HeadersPresync.Result result = presync.process(source.subList(from, to), to - from == Headers.MAX_HEADERS);
            results.add(result);
            if (result.next() != HeadersPresync.Next.ASK) {
                return results;
            }
            if (result.locator().equals(List.of(START.hash()))) {
                source = second;
                from = 0;
            } else {
                from = to;
            }
        }
    }

    private static List<BlockHeader> released(List<HeadersPresync.Result> results) {
        return results.stream().flatMap(result -> result.release().stream()).toList();
    }

    @Test
    void aLowWorkBranchKeepsOnlyCommitmentBitsAndEndsWithNothingToStore() {
        HeadersPresync presync = presync(5_000);
        List<BlockHeader> branch = headers(START, 4_500, "low");

        List<HeadersPresync.Result> results = feed(presync, branch, branch);

        assertEquals(HeadersPresync.Next.LOW_WORK, results.get(results.size() - 1).next());
        assertEquals(List.of(), released(results), "nothing of a low-work branch is stored");
        assertTrue(presync.memoryBytes() <= 4_500 / HeadersPresync.COMMITMENT_PERIOD / 8 + 64,
                "a bit per period, no headers: " + presync.memoryBytes());
    }

    @Test
    void aBranchThatShowsEnoughWorkIsDownloadedAgainAndReleasedInOrder() {
        HeadersPresync presync = presync(5_000);
        List<BlockHeader> branch = headers(START, 5_200, "high");

        List<HeadersPresync.Result> results = feed(presync, branch, branch);

        assertEquals(HeadersPresync.Next.DONE, results.get(results.size() - 1).next());
        assertEquals(branch.subList(0, 5_000), released(results), "the branch up to the work it needed, in order");
    }

    @Test
    void redownloadedHeadersWaitForABufferOfCheckedHeadersBehindThem() {
        HeadersPresync presync = presync(5_000);
        List<BlockHeader> branch = headers(START, 5_200, "high");

        List<HeadersPresync.Result> results = feed(presync, branch, branch);

        // Pre-sync: 3 answers (2,000, 2,000, then the work is reached), redownload: 2,000 (kept), 2,000 (1,600 released).
        HeadersPresync.Result secondRedownload = results.get(4);
        assertEquals(HeadersPresync.Next.ASK, results.get(3).next());
        assertEquals(List.of(), results.get(3).release(), "2,000 headers fit in the buffer");
        assertEquals(4_000 - HeadersPresync.REDOWNLOAD_BUFFER_SIZE, secondRedownload.release().size());
    }

    @Test
    void aDifferentBranchOnRedownloadIsCaughtBeforeAnythingIsStored() {
        HeadersPresync presync = presync(5_000);
        List<BlockHeader> shown = headers(START, 5_200, "shown");
        List<BlockHeader> swapped = headers(START, 5_200, "swapped");

        List<HeadersPresync.Result> results = feed(presync, shown, swapped);

        assertEquals(HeadersPresync.Next.ABORTED, results.get(results.size() - 1).next());
        assertEquals(List.of(), released(results), "no header of the swapped branch was stored");
    }

    @Test
    void aHeaderWithoutItsProofOfWorkIsInvalid() {
        HeadersPresync presync = presync(10);
        List<BlockHeader> branch = new ArrayList<>(headers(START, 3, "pow"));
        BlockHeader last = branch.remove(2);
        BlockHeader unsolved = last;
        while (ProofOfWork.meetsTarget(unsolved.hash(), ProofOfWork.decodeBits(unsolved.bits()))) {
            unsolved = unsolved.withNonce(unsolved.nonce() + 1);
        }
        branch.add(unsolved);

        HeadersPresync.Result result = presync.process(branch, false);

        assertEquals(HeadersPresync.Next.INVALID, result.next());
    }

    @Test
    void bitsOtherThanTheNetworksAreInvalid() {
        HeadersPresync presync = presync(10);
        BlockHeader easy = HeaderHasher.solve(new BlockHeader(BlockHeader.CURRENT_VERSION, START.hash(),
                Hash.doubleSha256(new byte[] {9}), START.time() + 1, 0x207fffffL - 1, 0));

        assertEquals(HeadersPresync.Next.INVALID, presync.process(List.of(easy), false).next());
    }

    @Test
    void headersThatDoNotLinkAbortThePresync() {
        HeadersPresync presync = presync(10);
        List<BlockHeader> branch = headers(START, 4, "link");

        HeadersPresync.Result result = presync.process(List.of(branch.get(0), branch.get(2)), false);

        assertEquals(HeadersPresync.Next.ABORTED, result.next());
    }

    @Test
    void moreHeadersThanTheClockAllowsAbortThePresync() {
        // A fork point one second old: a valid branch can hold about 6 × (1 + 7,200) headers since.
        HeadersPresync.ChainStart start = new HeadersPresync.ChainStart(START, 0, BLOCK_WORK, START.time());
        HeadersPresync presync = new HeadersPresync(PARAMS, start, BLOCK_WORK.multiply(BigInteger.valueOf(1_000_000)),
                SALT, START.time() + 1);
        List<BlockHeader> branch = headers(START, 46_000, "many");

        List<HeadersPresync.Result> results = feed(presync, branch, branch);

        HeadersPresync.Result last = results.get(results.size() - 1);
        assertEquals(HeadersPresync.Next.ABORTED, last.next(), last.reason());
        assertTrue(presync.height() <= 6 * 7_201 + HeadersPresync.COMMITMENT_PERIOD, "stopped at " + presync.height());
    }

    @Test
    void theLocatorAsksAfterTheLastHeaderThenTheForkPoint() {
        HeadersPresync presync = presync(5_000);
        List<BlockHeader> branch = headers(START, 2_000, "locator");

        HeadersPresync.Result result = presync.process(branch, true);

        assertEquals(List.of(branch.get(1_999).hash(), START.hash()), result.locator());
        assertEquals(2_000, presync.height());
    }
}
