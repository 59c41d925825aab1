package minicoin.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One directed link of the chaos network: node A dials node B only through this proxy
 * (B's address in A's {@code p2p.peers} is the proxy's port), so the harness decides what the link
 * does: delay and jitter, loss as TCP shows it (retransmission stalls), throttle, or cut it (a partition). Bytes flow both ways on a connection
 * A opened; a connection B opens to A goes through A's own proxy.
 *
 * <p>A cut link closes its open connections (the peers see a reset, as when a route goes down) and
 * closes every new one at once, until it is {@link #restore restored}. Loss is modelled above TCP
 * ({@link LinkShape#lossPercent}) on loopback; {@code scripts/chaos --netns} drops and duplicates real
 * packets with nftables instead ({@link NetnsPlan#nftRules}).
 *
 * <p>Test code: plain blocking sockets, four daemon threads per connection (read and deliver each way).
 */
public final class LinkProxy implements AutoCloseable {

    /** One read's worth: a frame of the peer protocol usually fits, a block spans a few. */
    private static final int CHUNK_BYTES = 16 * 1024;
    /** Chunks waiting for their delivery time per direction; a full queue slows the reader (TCP's own back-pressure). */
    private static final int MAX_QUEUED_CHUNKS = 1024;
    /** A held link looks whether it was restored this often. */
    private static final long HOLD_POLL_MILLIS = 20;

    private final String name;
    private final InetSocketAddress target;
    /** The local address the proxy's dials to the target come from; null: the system picks. */
    private final InetAddress source;
    private final ServerSocket server;
    private final Random random;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile LinkShape shape = LinkShape.CLEAN;
    private volatile boolean cut;
    private volatile boolean held;
    private volatile boolean closed;

    /** Listens on a free loopback port and forwards each connection to {@code 127.0.0.1:targetPort}. */
    public LinkProxy(String name, int targetPort, long seed) throws IOException {
        this(name, InetAddress.getLoopbackAddress(), new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
                null, seed);
    }

    /**
     * Listens on a free port of {@code listen} and forwards each connection to {@code target}, dialling
     * from {@code source} (null: any). In {@code scripts/chaos --netns} the source is the dialling
     * node's face in the hub ({@link NetnsPlan#face}), so the target sees each peer at an address and
     * /16 of its own, as its inbound caps require.
     */
    public LinkProxy(String name, InetAddress listen, InetSocketAddress target, InetAddress source, long seed)
            throws IOException {
        this.name = name;
        this.target = target;
        this.source = source;
        this.random = new Random(seed);
        this.server = new ServerSocket(0, 50, listen);
        Thread acceptor = new Thread(this::acceptLoop, "link-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + port();
    }

    public LinkShape shape() {
        return shape;
    }

    /** Bytes carried either way since the proxy started. */
    public long bytesCarried() {
        return bytes.get();
    }

    /** Connections accepted and forwarded (cut ones not counted). */
    public long connectionsCarried() {
        return connections.get();
    }

    public boolean isCut() {
        return cut;
    }

    /** From now on each chunk is delayed and throttled as {@code newShape} says. */
    public void shape(LinkShape newShape) {
        shape = newShape;
    }

    /** A partition: open connections are closed and new ones closed at once. */
    public void cut() {
        cut = true;
        open.forEach(LinkProxy::closeQuietly);
    }

    /**
     * A silent partition (a black hole): nothing is delivered either way, but no connection is
     * closed and new ones are taken. What the ends send waits in the proxy, as unacknowledged data
     * waits in a sender's TCP on a dead route, and arrives once the link is {@link #restore
     * restored}, unless an end gave up on the connection meanwhile (its ping time-out).
     */
    public void hold() {
        held = true;
    }

    public boolean isHeld() {
        return held;
    }

    /** Ends a partition, cut or silent: new connections are carried again, and held data flows. */
    public void restore() {
        cut = false;
        held = false;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket inbound;
            try {
                inbound = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(inbound);
                continue;
            }
            Socket outbound = new Socket();
            try {
                if (source != null) {
                    outbound.bind(new InetSocketAddress(source, 0));
                }
                outbound.connect(target, 5_000);
            } catch (IOException targetDown) {
                closeQuietly(inbound);
                closeQuietly(outbound);
                continue;
            }
            connections.incrementAndGet();
            open.add(inbound);
            open.add(outbound);
            pump(inbound, outbound, "up");
            pump(outbound, inbound, "down");
        }
    }

    /** Reads {@code from} and hands each chunk to a writer that delivers it to {@code to} at its time. */
    private void pump(Socket from, Socket to, String direction) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>(MAX_QUEUED_CHUNKS);
        Thread reader = new Thread(() -> {
            long lastDue = 0;
            try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[CHUNK_BYTES];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    LinkShape now = shape;
                    long jitter = now.jitterMillis() == 0 ? 0 : nextJitter(now.jitterMillis());
                    if (now.lossPercent() > 0 && lost(now.lossPercent())) {
                        jitter += LinkShape.RETRANSMIT_MILLIS;
                    }
                    // Never before the previous chunk: a stream's order is kept, jitter only bunches it.
                    long due = Math.max(lastDue, System.nanoTime() + (now.latencyMillis() + jitter) * 1_000_000);
                    lastDue = due;
                    queue.put(new Chunk(Arrays.copyOf(buffer, read), due));
                }
            } catch (IOException | InterruptedException e) {
                // The socket closed (a cut, the peer gone): the writer ends the pair.
            } finally {
                queue.offer(Chunk.END);
            }
        }, "link-" + name + "-" + direction + "-read");
        Thread writer = new Thread(() -> {
            long nextFree = System.nanoTime();
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == Chunk.END) {
                        break;
                    }
                    while (held && !closed) {
                        Thread.sleep(HOLD_POLL_MILLIS);
                    }
                    sleepUntil(chunk.dueNanos());
                    long rate = shape.bytesPerSecond();
                    if (rate > 0) {
                        nextFree = Math.max(nextFree, System.nanoTime()) + chunk.data().length * 1_000_000_000L / rate;
                        sleepUntil(nextFree);
                    }
                    out.write(chunk.data());
                    out.flush();
                    bytes.addAndGet(chunk.data().length);
                }
            } catch (IOException | InterruptedException e) {
                // The other end closed: close both below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "link-" + name + "-" + direction + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private synchronized boolean lost(double percent) {
        return random.nextDouble() * 100 < percent;
    }

    private synchronized long nextJitter(long bound) {
        return (long) (random.nextDouble() * bound);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        open.forEach(LinkProxy::closeQuietly);
    }

    private record Chunk(byte[] data, long dueNanos) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }
}
