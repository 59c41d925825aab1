package minicoin.chain;

/** How far a block in the index has come. */
public enum BlockStatus {
    /** Only the header is known and checked; the block's transactions are not stored. */
    HEADER_ONLY,
    /** Stored and checked on its own; not yet connected to a chain. */
    STORED,
    /** Connected once with every rule checked: a block of a valid chain. */
    VALID,
    /** Broke a rule, or descends from a block that did; never connected again. */
    INVALID;

    public boolean hasData() {
        return this == STORED || this == VALID;
    }
}
