package minicoin.mining;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.HeaderHasher;
import minicoin.core.Merkle;
import minicoin.core.ProofOfWork;
import minicoin.core.Transaction;
import minicoin.core.TxIn;

/**
 * Solves block templates: a nonce search on several threads, each over its own slice of the
 * template's nonces, with the header's midstate computed once per template per thread
 * ({@link HeaderHasher}).
 *
 * <p>When a thread has tried its slice, it moves on to the next <em>round</em>: the template with
 * the coinbase extra nonce (the bytes after the 4-byte height in the coinbase input) increased by
 * the round number, a new Merkle root, and the time raised to the clock if the clock is ahead.
 * Each round has its own coinbase, and within a round each thread keeps to its own slice, so no
 * header is hashed twice. Threads move on independently: none waits for another.
 *
 * <p>The threads run on the executor given, which must be able to run {@link #threads()} tasks at
 * once. No Vert.x here; {@link MinerVerticle} drives this class.
 */
public final class Miner {

    /** Every 32-bit nonce. */
    public static final long NONCE_SPACE = HeaderHasher.MAX_NONCE + 1;
    /**
     * Nonces hashed between two looks at the stop flag: a millisecond or two on one core, which
     * bounds how long a cancelled or beaten thread keeps hashing.
     */
    static final int CHUNK_NONCES = 1 << 12;

    private static final BooleanSupplier NEVER = () -> false;

    /** Sees every chunk a thread has hashed; tests use it to check the threads' slices. */
    interface SearchTrace {
        void searched(int thread, long round, long fromNonce, long count);

        SearchTrace NONE = (thread, round, fromNonce, count) -> { };
    }

    /** A slice of a template's nonces: {@code [from, from + count)}. */
    public record Range(long from, long count) {
        public long end() {
            return from + count;
        }
    }

    private final Executor executor;
    private final int threads;
    private final long maxNoncesPerTemplate;
    private final LongSupplier nowSeconds;
    private final HashrateMeter meter;
    private final SearchTrace trace;
    private final Set<Search> active = ConcurrentHashMap.newKeySet();

    /** A miner trying all 2^32 nonces of each header, with the system clock. */
    public Miner(Executor executor, int threads) {
        this(executor, threads, NONCE_SPACE, () -> System.currentTimeMillis() / 1000, new HashrateMeter());
    }

    /**
     * @param maxNoncesPerTemplate nonces tried on one header before the extra nonce rolls: 2^32 in
     *                             production, a few in tests that exercise the roll
     * @param nowSeconds           the clock a rolled header's time follows
     */
    public Miner(Executor executor, int threads, long maxNoncesPerTemplate, LongSupplier nowSeconds, HashrateMeter meter) {
        this(executor, threads, maxNoncesPerTemplate, nowSeconds, meter, SearchTrace.NONE);
    }

    Miner(Executor executor, int threads, long maxNoncesPerTemplate, LongSupplier nowSeconds, HashrateMeter meter,
            SearchTrace trace) {
        if (threads < 1) {
            throw new IllegalArgumentException("a miner needs at least one thread, got " + threads);
        }
        if (maxNoncesPerTemplate < threads || maxNoncesPerTemplate > NONCE_SPACE) {
            throw new IllegalArgumentException("nonces per template must be within " + threads + ".." + NONCE_SPACE
                    + " (at least one per thread), got " + maxNoncesPerTemplate);
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        this.threads = threads;
        this.maxNoncesPerTemplate = maxNoncesPerTemplate;
        this.nowSeconds = Objects.requireNonNull(nowSeconds, "nowSeconds");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.trace = Objects.requireNonNull(trace, "trace");
    }

    public int threads() {
        return threads;
    }

    /**
     * Starts solving {@code template} (an unsolved block from {@code chain.template}) on every
     * thread; {@link Search#result()} tells the outcome.
     *
     * @throws IllegalArgumentException if the block has no coinbase carrying a height, or bad bits
     */
    public Search search(Block template) {
        return search(template, HashPace.UNLIMITED);
    }

    /** {@link #search(Block)} with every thread's chunks of nonces held together to {@code pace}. */
    public Search search(Block template, HashPace pace) {
        requireCoinbaseWithHeight(template);
        BigInteger target = ProofOfWork.decodeBits(template.header().bits());
        Search search = new Search(template, target, Objects.requireNonNull(pace, "pace"));
        active.add(search);
        search.launch();
        return search;
    }

    /** Cancels every search in progress; completes once all their threads have stopped. */
    public CompletableFuture<Void> cancel() {
        List<CompletableFuture<Optional<Block>>> results = new ArrayList<>();
        for (Search search : active) {
            search.cancel();
            results.add(search.result());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new));
    }

    /** Hashes per second over the last few seconds, all threads together. */
    public double hashrate() {
        return meter.hashesPerSecond();
    }

    /** Every nonce tried since this miner was made. */
    public long totalHashes() {
        return meter.totalHashes();
    }

    /** The nonces thread {@code thread} of {@code threads} tries on each header: disjoint, together all {@code budget}. */
    public static Range slice(int thread, int threads, long budget) {
        Objects.checkIndex(thread, threads);
        long from = budget * thread / threads;
        long end = budget * (thread + 1) / threads;
        return new Range(from, end - from);
    }

    /**
     * {@code template} with its coinbase extra nonce increased by {@code increment} (read as an
     * unsigned little-endian number, growing by a byte when it carries out, as long as the coinbase
     * field has room), the Merkle root recomputed, the time set to {@code time} and the nonce 0.
     */
    public static Block rollExtraNonce(Block template, long increment, long time) {
        if (increment < 0) {
            throw new IllegalArgumentException("the extra nonce only moves forward");
        }
        Transaction coinbase = requireCoinbaseWithHeight(template);
        TxIn input = coinbase.inputs().get(0);
        byte[] data = input.publicKey().toArray();
        byte[] extra = addLittleEndian(Arrays.copyOfRange(data, TxIn.COINBASE_HEIGHT_BYTES, data.length), increment);
        byte[] rolled = Arrays.copyOf(data, TxIn.COINBASE_HEIGHT_BYTES + extra.length);
        System.arraycopy(extra, 0, rolled, TxIn.COINBASE_HEIGHT_BYTES, extra.length);
        Transaction rolledCoinbase = coinbase.withInputs(
                List.of(new TxIn(input.prevOut(), Bytes.of(rolled), input.signature())));
        List<Transaction> transactions = new ArrayList<>(template.transactions());
        transactions.set(0, rolledCoinbase);
        BlockHeader header = template.header()
                .withMerkleRoot(Merkle.rootOf(transactions))
                .withTime(time)
                .withNonce(0);
        return new Block(header, transactions);
    }

    private static Transaction requireCoinbaseWithHeight(Block template) {
        List<Transaction> transactions = template.transactions();
        if (transactions.isEmpty() || transactions.get(0).coinbaseHeight().isEmpty()) {
            throw new IllegalArgumentException("a template starts with a coinbase carrying its height");
        }
        return transactions.get(0);
    }

    private static byte[] addLittleEndian(byte[] number, long increment) {
        byte[] sum = number.clone();
        long carry = increment;
        for (int i = 0; i < sum.length && carry != 0; i++) {
            long digit = (sum[i] & 0xffL) + (carry & 0xffL);
            sum[i] = (byte) digit;
            carry = (carry >>> 8) + (digit >>> 8);
        }
        int room = TxIn.MAX_COINBASE_EXTRA_BYTES - sum.length;
        if (carry == 0 || room <= 0) {
            return sum;
        }
        int grow = Math.min(room, (Long.SIZE - Long.numberOfLeadingZeros(carry) + 7) / 8);
        byte[] longer = Arrays.copyOf(sum, sum.length + grow);
        for (int i = 0; i < grow; i++) {
            longer[sum.length + i] = (byte) (carry >>> (8 * i));
        }
        return longer;
    }

    /** One template being solved by every thread. */
    public final class Search {

        private final Block template;
        private final BigInteger target;
        private final CompletableFuture<Optional<Block>> result = new CompletableFuture<>();
        private final AtomicReference<Block> solution = new AtomicReference<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicInteger running = new AtomicInteger(threads);
        private final LongAdder noncesTried = new LongAdder();
        private final long startNanos = System.nanoTime();
        private volatile long elapsedNanos = -1;
        private final HashPace pace;
        private volatile boolean stopped;

        private Search(Block template, BigInteger target, HashPace pace) {
            this.template = template;
            this.target = target;
            this.pace = pace;
        }

        public Block template() {
            return template;
        }

        /**
         * The solved block, or empty when the search was cancelled; completes once every thread of
         * this search has stopped. Fails if a thread failed.
         */
        public CompletableFuture<Optional<Block>> result() {
            return result;
        }

        /** Stops every thread within a chunk of nonces; idempotent. */
        public void cancel() {
            stopped = true;
        }

        public long noncesTried() {
            return noncesTried.sum();
        }

        /** Seconds from the start to the end of the search, or until now while it runs. */
        public double seconds() {
            long elapsed = elapsedNanos;
            return (elapsed >= 0 ? elapsed : System.nanoTime() - startNanos) / 1e9;
        }

        private void launch() {
            for (int thread = 0; thread < threads; thread++) {
                int index = thread;
                try {
                    executor.execute(() -> work(index));
                } catch (RejectedExecutionException e) {
                    failure.compareAndSet(null, e);
                    stopped = true;
                    for (int unstarted = thread; unstarted < threads; unstarted++) {
                        threadEnded();
                    }
                    return;
                }
            }
        }

        private void work(int thread) {
            try {
                Range slice = slice(thread, threads, maxNoncesPerTemplate);
                for (long round = 0; !stopped; round++) {
                    Block block = round == 0 ? template
                            : rollExtraNonce(template, round, Math.max(nowSeconds.getAsLong(), template.header().time()));
                    HeaderHasher hasher = new HeaderHasher(block.header());
                    long next = slice.from();
                    while (next < slice.end() && !stopped) {
                        long count = Math.min(CHUNK_NONCES, slice.end() - next);
                        if (!pace.await(count, () -> stopped)) {
                            return;
                        }
                        long nonce = hasher.search(next, count, target, NEVER);
                        long tried = nonce >= 0 ? nonce - next + 1 : count;
                        noncesTried.add(tried);
                        meter.record(tried);
                        trace.searched(thread, round, next, tried);
                        if (nonce >= 0) {
                            if (solution.compareAndSet(null, block.withHeader(block.header().withNonce(nonce)))) {
                                stopped = true;
                            }
                            return;
                        }
                        next += count;
                    }
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                stopped = true;
            } catch (InterruptedException e) {
                // The executor is shutting down: the search ends unsolved, as a cancel would end it.
                Thread.currentThread().interrupt();
                stopped = true;
            } finally {
                threadEnded();
            }
        }

        private void threadEnded() {
            if (running.decrementAndGet() > 0) {
                return;
            }
            elapsedNanos = System.nanoTime() - startNanos;
            active.remove(this);
            Block solved = solution.get();
            Throwable failed = failure.get();
            if (solved == null && failed != null) {
                result.completeExceptionally(failed);
            } else {
                result.complete(Optional.ofNullable(solved));
            }
        }
    }
}
