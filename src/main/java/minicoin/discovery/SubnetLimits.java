package minicoin.discovery;

/**
 * How many places of the {@link RoutingTable} one {@link Subnet} may hold, entries and replacement
 * candidates together, so that one operator with many ids (one per UDP port, or many addresses of
 * one /24) cannot fill our table and, through it, our answers and our outbound peers. geth's
 * discv4 limits, in p2p/discover/table.go.
 *
 * @param perBucket      places per subnet in one bucket
 * @param perTable       places per subnet in the whole table
 * @param loopbackExempt whether loopback hosts (127.0.0.0/8, ::1) are unlimited: on a devnet and in
 *                       tests every node shares 127.0.0.1, and nothing outside the machine can send
 *                       from there. Tests turn it off to let 127.0.0.x stand for distinct hosts.
 */
public record SubnetLimits(int perBucket, int perTable, boolean loopbackExempt) {

    /** geth's bucketIPLimit: two hosts of one /24 among a bucket's 16 leave 14 places to others. */
    public static final int PER_BUCKET = 2;
    /** geth's tableIPLimit: one /24 holds at most 10 places, however many buckets its ids fall in. */
    public static final int PER_TABLE = 10;
    /** What a node runs with. */
    public static final SubnetLimits DEFAULT = new SubnetLimits(PER_BUCKET, PER_TABLE, true);

    public SubnetLimits {
        if (perBucket < 1 || perTable < perBucket) {
            throw new IllegalArgumentException("need 1 <= perBucket <= perTable, got " + perBucket + ", " + perTable);
        }
    }

    /** The same limits applied to loopback hosts too. */
    public SubnetLimits withoutLoopbackExemption() {
        return new SubnetLimits(perBucket, perTable, false);
    }

    /** Whether {@code host} is counted at all. */
    boolean applyTo(String host) {
        return !(loopbackExempt && Endpoint.isLoopback(host));
    }
}
