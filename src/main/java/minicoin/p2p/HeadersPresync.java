package minicoin.p2p;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import minicoin.core.BlockHeader;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.ProofOfWork;
import minicoin.crypto.Hashes;

/**
 * Bitcoin Core's header pre-sync (its {@code HeadersSyncState}, Core 24) for one peer: a branch
 * that forks from a header we hold with less work than our chain is followed in bounded memory,
 * and nothing of it is stored until it has shown more work than our chain.
 *
 * <p>Two phases. <b>Pre-sync</b>: each header is checked (it links to the last, its bits are the
 * ones its height permits, its hash meets them), its work is added, and of every
 * {@link #COMMITMENT_PERIOD}-th header one salted bit is kept; the headers themselves are
 * dropped. A branch whose answers end below the required work ends here, having cost us a few
 * bits. <b>Redownload</b>: once the work is reached, the same branch is asked for again from the
 * fork point; each header is checked again and against the bits kept, and buffered. A header is
 * released to the chain for storage only once {@link #REDOWNLOAD_BUFFER_SIZE} more have passed the
 * commitment check after it, or once the redownloaded branch itself reaches the required work. A
 * peer that serves a different branch the second time is caught by the bits before anything of
 * it is stored, except with probability 2^-24.
 *
 * <p>Memory: {@code maxCommitments} bits (bounded by the clock: a chain can grow by at most
 * {@link #MAX_HEADERS_PER_SECOND} headers a second under the median-time rule) and at most
 * {@link #REDOWNLOAD_BUFFER_SIZE} buffered headers. Not thread-safe: its peer's event loop drives it.
 */
final class HeadersPresync {

    /** One commitment bit is kept per this many headers: about 94 KB of bits for a branch a year long. */
    static final int COMMITMENT_PERIOD = 100;
    /**
     * Redownloaded headers wait for this many more checked after them before they are stored: 24
     * commitment bits, so a branch switched between the two downloads is caught but with
     * probability 2^-24 (Core buffers 23.7 periods likewise). About 500 KB of headers at most.
     */
    static final int REDOWNLOAD_BUFFER_SIZE = 24 * COMMITMENT_PERIOD;
    /** The median of 11 times must rise, so a valid chain gains at most 6 headers per second of clock. */
    static final int MAX_HEADERS_PER_SECOND = 6;
    /** Heap of one buffered header (the record, two hashes and their arrays), for the memory figure. */
    static final int HEADER_HEAP_BYTES = 208;

    enum Phase { PRESYNC, REDOWNLOAD, DONE, FAILED }

    /** What the caller does next. */
    enum Next {
        /** Ask the peer for more headers with {@link Result#locator()}. */
        ASK,
        /** The branch ended below the required work: nothing to store, the pre-sync is over. */
        LOW_WORK,
        /** The branch is checked; {@link Result#release()} holds its last headers to store; the pre-sync is over. */
        DONE,
        /** A header breaks a consensus rule: misbehaviour. */
        INVALID,
        /** The peer's answers do not hold together (a broken link, a commitment mismatch, too many headers). */
        ABORTED
    }

    /**
     * @param release headers to store now (with the chain's full checks), in order
     * @param locator what to put in the next GET_HEADERS when {@code next} is ASK
     * @param reason  why, when INVALID or ABORTED
     */
    record Result(Next next, List<BlockHeader> release, List<Hash> locator, String reason) {
        Result {
            release = List.copyOf(release);
            locator = List.copyOf(locator);
        }

        static Result ask(List<BlockHeader> release, List<Hash> locator) {
            return new Result(Next.ASK, release, locator, "");
        }

        static Result end(Next next, String reason) {
            return new Result(next, List.of(), List.of(), reason);
        }
    }

    /** The header the branch forks from (held by our chain), its height and cumulative work. */
    record ChainStart(BlockHeader header, long height, BigInteger chainWork, long medianTimePast) {
        ChainStart {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(chainWork, "chainWork");
        }
    }

    private final ConsensusParams params;
    private final ChainStart start;
    private final Hash startHash;
    private final BigInteger requiredWork;
    private final byte[] salt;
    private final long maxCommitments;
    /** Commitments are taken at heights equal to this modulo the period, so a peer cannot aim at them. */
    private final int commitmentOffset;

    private final BitSet commitments = new BitSet();
    private int commitmentCount;
    private int commitmentsChecked;
    private final ArrayDeque<BlockHeader> buffer = new ArrayDeque<>();

    private Phase phase = Phase.PRESYNC;
    private Hash lastHash;
    private long lastBits;
    private long height;
    private BigInteger work;

    /**
     * @param requiredWork work the branch must reach, counted from genesis (our tip's)
     * @param salt         random per node, so the kept bits cannot be predicted
     * @param nowSeconds   the clock, bounding how many headers a branch can honestly hold
     */
    HeadersPresync(ConsensusParams params, ChainStart start, BigInteger requiredWork, byte[] salt, long nowSeconds) {
        this.params = params;
        this.start = start;
        this.startHash = start.header().hash();
        this.requiredWork = requiredWork;
        this.salt = salt.clone();
        long seconds = Math.max(0, nowSeconds - start.medianTimePast() + params.maxFutureBlockTimeSeconds());
        this.maxCommitments = seconds * MAX_HEADERS_PER_SECOND / COMMITMENT_PERIOD + 1;
        this.commitmentOffset = Math.floorMod(salt.length == 0 ? 0 : salt[0], COMMITMENT_PERIOD);
        resetTo(start);
    }

    private void resetTo(ChainStart from) {
        lastHash = startHash;
        lastBits = from.header().bits();
        height = from.height();
        work = from.chainWork();
    }

    Phase phase() {
        return phase;
    }

    /** Where the branch leaves our chain. */
    Hash chainStart() {
        return startHash;
    }

    /** Height of the last header checked in the current phase. */
    long height() {
        return height;
    }

    /** Work of the branch up to the last header checked in the current phase. */
    BigInteger work() {
        return work;
    }

    /** The locator to ask with first, and after each answer: the last header checked, then the fork point. */
    List<Hash> locator() {
        return lastHash.equals(startHash) ? List.of(startHash) : List.of(lastHash, startHash);
    }

    /** Estimated heap this pre-sync holds: the kept bits and the buffered headers. */
    long memoryBytes() {
        return commitments.size() / 8 + (long) buffer.size() * HEADER_HEAP_BYTES;
    }

    /**
     * Takes one HEADERS answer of the peer.
     *
     * @param full whether the answer was full ({@link Headers#MAX_HEADERS}): the peer has more
     */
    Result process(List<BlockHeader> headers, boolean full) {
        if (phase == Phase.DONE || phase == Phase.FAILED) {
            throw new IllegalStateException("the pre-sync is over (" + phase + ")");
        }
        return phase == Phase.PRESYNC ? presync(headers, full) : redownload(headers, full);
    }

    private Result presync(List<BlockHeader> headers, boolean full) {
        for (BlockHeader header : headers) {
            Hash hash = header.hash();
            Result refused = take(header, hash);
            if (refused != null) {
                return refused;
            }
            if (height % COMMITMENT_PERIOD == commitmentOffset) {
                if (commitmentCount >= maxCommitments) {
                    return fail(Next.ABORTED, "more headers than the clock allows since the fork point");
                }
                commitments.set(commitmentCount++, commitmentBit(hash));
            }
            if (work.compareTo(requiredWork) >= 0) {
                // Enough work shown: fetch the branch again from the fork point, checking it against the bits.
                phase = Phase.REDOWNLOAD;
                resetTo(start);
                return Result.ask(List.of(), locator());
            }
        }
        if (!full) {
            phase = Phase.FAILED;
            return Result.end(Next.LOW_WORK, "the branch ends at height " + height + " with less work than our chain");
        }
        return Result.ask(List.of(), locator());
    }

    /** Links, checks and follows {@code header}: the failure that ends the pre-sync, or null once it is taken. */
    private Result take(BlockHeader header, Hash hash) {
        if (!header.prevHash().equals(lastHash)) {
            return fail(Next.ABORTED, "header " + hash + " does not link to " + lastHash);
        }
        String broken = check(header, hash);
        if (broken != null) {
            return fail(Next.INVALID, broken);
        }
        advance(header, hash);
        return null;
    }

    private Result redownload(List<BlockHeader> headers, boolean full) {
        boolean reached = false;
        for (BlockHeader header : headers) {
            Hash hash = header.hash();
            Result refused = take(header, hash);
            if (refused != null) {
                return refused;
            }
            if (height % COMMITMENT_PERIOD == commitmentOffset) {
                if (commitmentsChecked >= commitmentCount) {
                    return fail(Next.ABORTED, "the redownloaded branch runs past the one first sent");
                }
                if (commitments.get(commitmentsChecked++) != commitmentBit(hash)) {
                    return fail(Next.ABORTED, "the redownloaded branch differs from the one first sent at height " + height);
                }
            }
            buffer.add(header);
            if (work.compareTo(requiredWork) >= 0) {
                reached = true;
                break;
            }
        }
        List<BlockHeader> release = new ArrayList<>();
        if (reached) {
            release.addAll(buffer);
            buffer.clear();
            phase = Phase.DONE;
            return new Result(Next.DONE, release, List.of(), "");
        }
        if (!full) {
            return fail(Next.ABORTED, "the redownloaded branch ends before the work it showed");
        }
        while (buffer.size() > REDOWNLOAD_BUFFER_SIZE) {
            release.add(buffer.poll());
        }
        return Result.ask(release, locator());
    }

    private void advance(BlockHeader header, Hash hash) {
        lastHash = hash;
        lastBits = header.bits();
        height++;
        work = work.add(ProofOfWork.workOfBits(header.bits()));
    }

    private Result fail(Next next, String reason) {
        phase = Phase.FAILED;
        buffer.clear();
        return Result.end(next, reason);
    }

    /** The consensus checks a header needs without the chain: permitted bits, proof of work. Null when it passes. */
    private String check(BlockHeader header, Hash hash) {
        if (!permittedBits(header.bits())) {
            return String.format("bits %08x are not permitted after %08x at height %d", header.bits(), lastBits, height + 1);
        }
        BigInteger target;
        try {
            target = ProofOfWork.decodeBits(header.bits());
        } catch (IllegalArgumentException e) {
            return "bits do not decode: " + e.getMessage();
        }
        if (target.signum() <= 0 || target.compareTo(params.powLimit()) > 0 || !ProofOfWork.meetsTarget(hash, target)) {
            return "header " + hash + " does not meet its proof-of-work target";
        }
        return null;
    }

    /** Core's PermittedDifficultyTransition: fixed bits, or changes only at a retarget, within the clamp. */
    private boolean permittedBits(long bits) {
        if (!params.retargets()) {
            return bits == params.initialBits();
        }
        if ((height + 1) % params.retargetInterval() != 0) {
            return bits == lastBits;
        }
        BigInteger target;
        try {
            target = ProofOfWork.decodeBits(bits);
        } catch (IllegalArgumentException e) {
            return false;
        }
        BigInteger previous = ProofOfWork.decodeBits(lastBits);
        BigInteger clamp = BigInteger.valueOf(ConsensusParams.RETARGET_CLAMP);
        BigInteger easiest = previous.multiply(clamp).min(params.powLimit());
        // The retarget's result is rounded down to compact bits: so is this bound.
        BigInteger hardest = ProofOfWork.decodeBits(ProofOfWork.encodeBits(previous.divide(clamp)));
        return target.compareTo(easiest) <= 0 && target.compareTo(hardest) >= 0;
    }

    private boolean commitmentBit(Hash hash) {
        byte[] input = new byte[salt.length + Hash.BYTES];
        System.arraycopy(salt, 0, input, 0, salt.length);
        System.arraycopy(hash.toArray(), 0, input, salt.length, Hash.BYTES);
        return (Hashes.sha256(input)[0] & 1) == 1;
    }
}
