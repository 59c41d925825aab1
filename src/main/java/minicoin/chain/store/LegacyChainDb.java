package minicoin.chain.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import minicoin.chain.ChainStoreException;
import minicoin.core.Block;
import minicoin.core.CodecException;
import minicoin.core.Hash;

/**
 * The SQLite {@code chain.db} of earlier versions, read for the importer and for nothing else: its
 * main chain by height, one block at a time. The file is checked at open (SQLite's quick check,
 * the tables, the schema version) and every block read must hash to the hash the main chain names;
 * anything else is refused with a message naming the file.
 *
 * <p>Nothing is written but SQLite's own folding of a left-over write-ahead log into the file, so
 * that the file renamed after the import holds everything by itself.
 */
final class LegacyChainDb implements AutoCloseable {

    static final String FILE_NAME = "chain.db";
    /** The only schema version earlier versions wrote. */
    static final String SCHEMA_VERSION = "1";
    private static final List<String> TABLES = List.of("meta", "blocks", "main_chain");

    private final Path file;
    private final Connection connection;
    private final PreparedStatement mainChain;
    private final PreparedStatement block;

    private LegacyChainDb(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.mainChain = connection.prepareStatement("SELECT hash FROM main_chain WHERE height = ?");
        this.block = connection.prepareStatement("SELECT data FROM blocks WHERE hash = ?");
    }

    /** Opens and checks {@code file}; refuses one that is damaged or is not a chain.db. */
    static LegacyChainDb open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw refused(file, "it is not a file");
        }
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                // A node killed in WAL mode leaves commits in chain.db-wal: fold them in before reading.
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                statement.execute("PRAGMA query_only=1");
                try (ResultSet check = statement.executeQuery("PRAGMA quick_check")) {
                    String verdict = check.next() ? check.getString(1) : "no answer";
                    if (!"ok".equals(verdict)) {
                        throw refused(file, "SQLite's quick check fails: " + verdict);
                    }
                }
                Set<String> tables = new HashSet<>();
                try (ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                for (String table : TABLES) {
                    if (!tables.contains(table)) {
                        throw refused(file, "it has no table " + table + ", so it is not a chain.db of Minicoin");
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
                    String version = rows.next() ? new String(rows.getBytes(1), StandardCharsets.US_ASCII) : "none";
                    if (!SCHEMA_VERSION.equals(version)) {
                        throw refused(file, "its schema version is " + version + ", not " + SCHEMA_VERSION);
                    }
                }
            }
            return new LegacyChainDb(file, connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof ChainStoreException refusal) {
                throw refusal;
            }
            throw refused(file, e.getMessage());
        }
    }

    Path file() {
        return file;
    }

    /** The height of the main chain's tip, -1 when there is none; checked against the stored tip. */
    long tipHeight() {
        try (Statement statement = connection.createStatement()) {
            long height;
            try (ResultSet rows = statement.executeQuery("SELECT max(height) FROM main_chain")) {
                rows.next();
                height = rows.getObject(1) == null ? -1 : rows.getLong(1);
            }
            Optional<Hash> tip;
            try (ResultSet rows = statement.executeQuery("SELECT value FROM meta WHERE key = 'tip'")) {
                tip = rows.next() ? Optional.of(Hash.of(rows.getBytes(1))) : Optional.empty();
            }
            Optional<Hash> top = height < 0 ? Optional.empty() : Optional.of(mainChainHash(height));
            if (!tip.equals(top)) {
                throw refused(file, "its tip " + tip.map(Hash::toString).orElse("(none)") + " is not the top of its main chain "
                        + top.map(Hash::toString).orElse("(empty)"));
            }
            return height;
        } catch (SQLException | IllegalArgumentException e) {
            throw refused(file, "its tip cannot be read: " + e.getMessage());
        }
    }

    /** The main chain's hash at {@code height}; a gap is damage. */
    Hash mainChainHash(long height) {
        try {
            mainChain.setLong(1, height);
            try (ResultSet rows = mainChain.executeQuery()) {
                if (!rows.next()) {
                    throw refused(file, "its main chain has no block at height " + height);
                }
                return Hash.of(rows.getBytes(1));
            }
        } catch (SQLException | IllegalArgumentException e) {
            throw refused(file, "its main chain at height " + height + " cannot be read: " + e.getMessage());
        }
    }

    /** The main chain's block at {@code height}, checked to hash to the hash the main chain names. */
    Block block(long height) {
        Hash hash = mainChainHash(height);
        byte[] bytes;
        try {
            block.setBytes(1, hash.toArray());
            try (ResultSet rows = block.executeQuery()) {
                if (!rows.next()) {
                    throw refused(file, "block " + hash + " of its main chain at height " + height + " is missing");
                }
                bytes = rows.getBytes(1);
            }
        } catch (SQLException e) {
            throw refused(file, "block " + hash + " at height " + height + " cannot be read: " + e.getMessage());
        }
        Block decoded;
        try {
            decoded = Block.decode(bytes);
        } catch (CodecException e) {
            throw refused(file, "block " + hash + " at height " + height + " does not decode: " + e.getMessage());
        }
        if (!decoded.hash().equals(hash) || !decoded.computeMerkleRoot().equals(decoded.header().merkleRoot())) {
            throw refused(file, "block " + hash + " at height " + height + " hashes to " + decoded.hash()
                    + " or fails its merkle root: the file is damaged");
        }
        return decoded;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Read-only use: nothing to lose by a failed close.
        }
    }

    private static ChainStoreException refused(Path file, String why) {
        return new ChainStoreException(file + " cannot be imported: " + why + "; it is left as it is");
    }
}
