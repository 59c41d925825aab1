package minicoin.chain.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import minicoin.chain.BlockIndexEntry;
import minicoin.chain.BlockUndo;
import minicoin.chain.ChainStore;
import minicoin.chain.ChainStoreException;
import minicoin.chain.Coin;
import minicoin.chain.DataDirLock;
import minicoin.chain.OwnerOnly;
import minicoin.chain.Utxo;
import minicoin.core.Block;
import minicoin.core.CodecException;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/**
 * The SQLite chain store of earlier versions ({@code minicoin.chain.SqliteChainStore} as it was when
 * the node moved to MapDB), kept verbatim in the test tree as the writer of the old format: {@link
 * LegacyChainDbFixtures} makes the {@code chain.db} fixtures of {@link LegacyImportTest} with it, so
 * they can be made again after the production class is gone.
 */
public final class LegacySqliteChainStore implements ChainStore {

    public static final String FILE_NAME = "chain.db";
    static final String LOCK_FILE_NAME = "chain.lock";

    /** Bumped when the tables change shape; an older file is refused rather than misread. */
    private static final long SCHEMA_VERSION = 1;
    /** SQLite's page cache in KiB (negative pragma value): 64 MiB keeps the UTXO set's upper B-tree levels in memory. */
    private static final int CACHE_KIB = 64 * 1024;

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS blocks (hash BLOB PRIMARY KEY, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS block_index (hash BLOB PRIMARY KEY, entry BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS undo (hash BLOB PRIMARY KEY, data BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS main_chain (height INTEGER PRIMARY KEY, hash BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS coins (outpoint BLOB PRIMARY KEY, coin BLOB NOT NULL) WITHOUT ROWID",
        // An address's outputs are one key range: balances and coin lists without a scan of the set.
        "CREATE TABLE IF NOT EXISTS address_coins (address BLOB NOT NULL, outpoint BLOB NOT NULL, coin BLOB NOT NULL,"
                + " PRIMARY KEY (address, outpoint)) WITHOUT ROWID",
    };

    private final Connection connection;
    private final DataDirLock lock;
    private final PreparedStatement getBlock;
    private final PreparedStatement hasBlock;
    private final PreparedStatement putBlock;
    private final PreparedStatement getIndex;
    private final PreparedStatement putIndex;
    private final PreparedStatement getUndo;
    private final PreparedStatement putUndo;
    private final PreparedStatement getMain;
    private final PreparedStatement putMain;
    private final PreparedStatement removeMain;
    private final PreparedStatement getCoin;
    private final PreparedStatement putCoin;
    private final PreparedStatement removeCoin;
    private final PreparedStatement getAddressCoins;
    private final PreparedStatement putAddressCoin;
    private final PreparedStatement removeAddressCoin;
    private final PreparedStatement getMeta;
    private final PreparedStatement putMeta;

    private LegacySqliteChainStore(Connection connection, DataDirLock lock) throws SQLException {
        this.connection = connection;
        this.lock = lock;
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            // In WAL mode NORMAL never corrupts; a power loss (not a process kill) may drop the last commits.
            statement.execute("PRAGMA synchronous=NORMAL");
            statement.execute("PRAGMA cache_size=-" + CACHE_KIB);
            for (String table : SCHEMA) {
                statement.execute(table);
            }
        }
        connection.setAutoCommit(false);
        getBlock = connection.prepareStatement("SELECT data FROM blocks WHERE hash = ?");
        hasBlock = connection.prepareStatement("SELECT 1 FROM blocks WHERE hash = ?");
        putBlock = connection.prepareStatement("INSERT OR REPLACE INTO blocks (hash, data) VALUES (?, ?)");
        getIndex = connection.prepareStatement("SELECT entry FROM block_index WHERE hash = ?");
        putIndex = connection.prepareStatement("INSERT OR REPLACE INTO block_index (hash, entry) VALUES (?, ?)");
        getUndo = connection.prepareStatement("SELECT data FROM undo WHERE hash = ?");
        putUndo = connection.prepareStatement("INSERT OR REPLACE INTO undo (hash, data) VALUES (?, ?)");
        getMain = connection.prepareStatement("SELECT hash FROM main_chain WHERE height = ?");
        putMain = connection.prepareStatement("INSERT OR REPLACE INTO main_chain (height, hash) VALUES (?, ?)");
        removeMain = connection.prepareStatement("DELETE FROM main_chain WHERE height = ?");
        getCoin = connection.prepareStatement("SELECT coin FROM coins WHERE outpoint = ?");
        putCoin = connection.prepareStatement("INSERT OR REPLACE INTO coins (outpoint, coin) VALUES (?, ?)");
        removeCoin = connection.prepareStatement("DELETE FROM coins WHERE outpoint = ?");
        getAddressCoins = connection.prepareStatement("SELECT outpoint, coin FROM address_coins WHERE address = ?");
        putAddressCoin = connection.prepareStatement(
                "INSERT OR REPLACE INTO address_coins (address, outpoint, coin) VALUES (?, ?, ?)");
        removeAddressCoin = connection.prepareStatement("DELETE FROM address_coins WHERE address = ? AND outpoint = ?");
        getMeta = connection.prepareStatement("SELECT value FROM meta WHERE key = ?");
        putMeta = connection.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
        checkSchemaVersion();
    }

    /** Opens (or creates) {@code dataDir/chain.db}, refusing if another process holds it. */
    public static LegacySqliteChainStore open(Path dataDir) {
        DataDirLock lock = DataDirLock.acquire(dataDir.resolve(LOCK_FILE_NAME), "the chain database");
        Path file = dataDir.resolve(FILE_NAME);
        try {
            // Made 0600 before SQLite opens it: SQLite gives its journals the database file's mode.
            OwnerOnly.createFileIfMissing(file);
            return new LegacySqliteChainStore(DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()), lock);
        } catch (IOException | SQLException | RuntimeException e) {
            lock.close();
            throw new ChainStoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** A private in-memory database with the same code path and commit semantics, for tests. */
    public static LegacySqliteChainStore inMemory() {
        try {
            return new LegacySqliteChainStore(DriverManager.getConnection("jdbc:sqlite::memory:"), null);
        } catch (SQLException e) {
            throw new ChainStoreException("cannot open an in-memory chain store: " + e.getMessage(), e);
        }
    }

    private void checkSchemaVersion() throws SQLException {
        Optional<byte[]> stored = readBytes(getMeta, "schema");
        if (stored.isEmpty()) {
            putMeta.setString(1, "schema");
            putMeta.setBytes(2, Long.toString(SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII));
            putMeta.executeUpdate();
            connection.commit();
        } else if (!new String(stored.get(), StandardCharsets.US_ASCII).equals(Long.toString(SCHEMA_VERSION))) {
            throw new ChainStoreException("chain.db has schema version "
                    + new String(stored.get(), StandardCharsets.US_ASCII) + "; this node reads " + SCHEMA_VERSION);
        }
    }

    @Override
    public Optional<Block> block(Hash hash) {
        return query(getBlock, hash.toArray()).map(bytes -> decode(() -> Block.decode(bytes), "block " + hash));
    }

    @Override
    public boolean hasBlock(Hash hash) {
        return query(hasBlock, hash.toArray()).isPresent();
    }

    @Override
    public Optional<BlockIndexEntry> indexEntry(Hash hash) {
        return query(getIndex, hash.toArray()).map(bytes -> decode(() -> BlockIndexEntry.decode(bytes), "index entry " + hash));
    }

    @Override
    public void forEachIndexEntry(Consumer<BlockIndexEntry> action) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT entry FROM block_index")) {
            while (rows.next()) {
                byte[] bytes = rows.getBytes(1);
                action.accept(decode(() -> BlockIndexEntry.decode(bytes), "an index entry"));
            }
        } catch (SQLException e) {
            throw failure("read the block index", e);
        }
    }

    @Override
    public Optional<Hash> mainChainHash(long height) {
        try {
            getMain.setLong(1, height);
            return readBytes(getMain).map(Hash::of);
        } catch (SQLException e) {
            throw failure("read the main chain", e);
        }
    }

    @Override
    public Optional<Hash> tip() {
        try {
            return readBytes(getMeta, "tip").map(Hash::of);
        } catch (SQLException e) {
            throw failure("read the tip", e);
        }
    }

    @Override
    public Optional<Coin> coin(OutPoint outPoint) {
        return query(getCoin, outPoint.encode()).map(bytes -> decode(() -> Coin.decode(bytes), "coin " + outPoint));
    }

    @Override
    public List<Utxo> coinsOf(Address address) {
        List<Utxo> result = new ArrayList<>();
        try {
            getAddressCoins.setBytes(1, address.hash160());
            try (ResultSet rows = getAddressCoins.executeQuery()) {
                while (rows.next()) {
                    byte[] key = rows.getBytes(1);
                    byte[] value = rows.getBytes(2);
                    result.add(new Utxo(decode(() -> OutPoint.decode(key), "address index outpoint"),
                            decode(() -> Coin.decode(value), "address index coin")));
                }
            }
        } catch (SQLException e) {
            throw failure("read the address index", e);
        }
        return result;
    }

    @Override
    public long coinCount() {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM coins")) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure("count coins", e);
        }
    }

    @Override
    public void forEachCoin(Consumer<Utxo> action) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT outpoint, coin FROM coins")) {
            while (rows.next()) {
                byte[] key = rows.getBytes(1);
                byte[] value = rows.getBytes(2);
                action.accept(new Utxo(decode(() -> OutPoint.decode(key), "coin key"), decode(() -> Coin.decode(value), "coin")));
            }
        } catch (SQLException e) {
            throw failure("read the UTXO set", e);
        }
    }

    @Override
    public Optional<BlockUndo> undo(Hash hash) {
        return query(getUndo, hash.toArray()).map(bytes -> decode(() -> BlockUndo.decode(bytes), "undo of " + hash));
    }

    @Override
    public void putBlock(Block block) {
        update(putBlock, block.hash().toArray(), block.encode());
    }

    @Override
    public void putIndexEntry(BlockIndexEntry entry) {
        update(putIndex, entry.hash().toArray(), entry.encode());
    }

    @Override
    public void putUndo(Hash hash, BlockUndo record) {
        update(putUndo, hash.toArray(), record.encode());
    }

    @Override
    public void putMainChain(long height, Hash hash) {
        try {
            putMain.setLong(1, height);
            putMain.setBytes(2, hash.toArray());
            putMain.executeUpdate();
        } catch (SQLException e) {
            throw failure("write the main chain", e);
        }
    }

    @Override
    public void removeMainChain(long height) {
        try {
            removeMain.setLong(1, height);
            removeMain.executeUpdate();
        } catch (SQLException e) {
            throw failure("write the main chain", e);
        }
    }

    @Override
    public void putCoin(OutPoint outPoint, Coin coin) {
        byte[] key = outPoint.encode();
        byte[] value = coin.encode();
        update(putCoin, key, value);
        try {
            putAddressCoin.setBytes(1, coin.output().address().hash160());
            putAddressCoin.setBytes(2, key);
            putAddressCoin.setBytes(3, value);
            putAddressCoin.executeUpdate();
        } catch (SQLException e) {
            throw failure("write the address index", e);
        }
    }

    @Override
    public void removeCoin(OutPoint outPoint, Coin coin) {
        byte[] key = outPoint.encode();
        try {
            removeCoin.setBytes(1, key);
            removeCoin.executeUpdate();
            removeAddressCoin.setBytes(1, coin.output().address().hash160());
            removeAddressCoin.setBytes(2, key);
            removeAddressCoin.executeUpdate();
        } catch (SQLException e) {
            throw failure("remove a coin", e);
        }
    }

    @Override
    public void setTip(Hash hash) {
        try {
            putMeta.setString(1, "tip");
            putMeta.setBytes(2, hash.toArray());
            putMeta.executeUpdate();
        } catch (SQLException e) {
            throw failure("write the tip", e);
        }
    }

    @Override
    public void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw failure("commit", e);
        }
    }

    @Override
    public void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw failure("roll back", e);
        }
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private Optional<byte[]> query(PreparedStatement statement, byte[] key) {
        try {
            statement.setBytes(1, key);
            return readBytes(statement);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private Optional<byte[]> readBytes(PreparedStatement statement, String key) throws SQLException {
        statement.setString(1, key);
        return readBytes(statement);
    }

    private static Optional<byte[]> readBytes(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
        }
    }

    private void update(PreparedStatement statement, byte[] key, byte[] value) {
        try {
            statement.setBytes(1, key);
            statement.setBytes(2, value);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private static ChainStoreException failure(String action, SQLException e) {
        return new ChainStoreException("chain.db: cannot " + action + ": " + e.getMessage(), e);
    }

    private interface Decoder<T> {
        T decode() throws CodecException;
    }

    /** Stored bytes that do not decode mean a damaged file, not bad input: fail loudly. */
    private static <T> T decode(Decoder<T> decoder, String what) {
        try {
            return decoder.decode();
        } catch (CodecException e) {
            throw new ChainStoreException("chain.db is damaged: " + what + " does not decode: " + e.getMessage(), e);
        }
    }
}
