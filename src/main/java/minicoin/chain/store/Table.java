package minicoin.chain.store;

/** The key-value tables of the index, each one MapDB B-tree of byte arrays in a generation. */
enum Table {
    /** Block hash → {@code BlockIndexEntry} encoding. */
    INDEX,
    /** Block hash → where its bytes are in the block files ({@link BlockLocation}). */
    BLOCK_AT,
    /** Block hash → where its undo record is in the block files. */
    UNDO_AT,
    /** Height (8 bytes, big-endian) → main-chain block hash. */
    MAIN,
    /** Outpoint encoding (36 bytes) → {@link StoredCoin} (24 to 28 bytes). */
    COINS,
    /** Address HASH160 (20 bytes) + outpoint (36 bytes) → nothing: the coin itself is in COINS. */
    ADDRESS,
    /** "tip" → hash; "coins" → the generation's coin count (8 bytes). */
    META;

    private static final Table[] ALL = values();

    static Table of(int ordinal) {
        if (ordinal < 0 || ordinal >= ALL.length) {
            throw new IllegalArgumentException("unknown table " + ordinal);
        }
        return ALL[ordinal];
    }

    String mapName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
