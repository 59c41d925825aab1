package minicoin.discovery;

/**
 * How many places of the {@link RoutingTable} one {@link Subnet} may hold, entries and replacement
 * candidates together, so that one operator with many ids (one per UDP port, or many addresses of
 * one /24) cannot fill our table and, through it, our answers and our outbound peers. geth's
 * discv4 limits, in p2p/discover/table.go.
 *
 * <p>The {@link Endpoint#isSharedLoopback shared loopback address} (127.0.0.1, ::1, localhost) is
 * not counted: a devnet and the tests run every node there, and nothing outside the machine can send
 * from it. Other 127/8 addresses count like any address (127.0.0.2 is in 127.0.0.0/24), as in the
 * peer layer, so tests play remote hosts from them.
 *
 * @param perBucket places per subnet in one bucket
 * @param perTable  places per subnet in the whole table
 */
public record SubnetLimits(int perBucket, int perTable) {

    /** geth's bucketIPLimit: two hosts of one /24 among a bucket's 16 leave 14 places to others. */
    public static final int PER_BUCKET = 2;
    /** geth's tableIPLimit: one /24 holds at most 10 places, however many buckets its ids fall in. */
    public static final int PER_TABLE = 10;
    /** What a node runs with. */
    public static final SubnetLimits DEFAULT = new SubnetLimits(PER_BUCKET, PER_TABLE);

    public SubnetLimits {
        if (perBucket < 1 || perTable < perBucket) {
            throw new IllegalArgumentException("need 1 <= perBucket <= perTable, got " + perBucket + ", " + perTable);
        }
    }

    /** Whether {@code host} is counted at all: every host but the shared loopback address. */
    boolean applyTo(String host) {
        return !Endpoint.isSharedLoopback(host);
    }
}
