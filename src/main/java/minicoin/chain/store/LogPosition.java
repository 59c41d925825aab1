package minicoin.chain.store;

/** A place in a segmented file: the segment's number and a byte offset in it. */
record LogPosition(int segment, long offset) implements Comparable<LogPosition> {

    static final LogPosition START = new LogPosition(0, 0);

    LogPosition {
        if (segment < 0 || offset < 0) {
            throw new IllegalArgumentException("negative position " + segment + ":" + offset);
        }
    }

    @Override
    public int compareTo(LogPosition other) {
        return segment != other.segment ? Integer.compare(segment, other.segment) : Long.compare(offset, other.offset);
    }
}
