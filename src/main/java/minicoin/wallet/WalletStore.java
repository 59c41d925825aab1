package minicoin.wallet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import javax.crypto.AEADBadTagException;
import minicoin.chain.ChainStoreException;
import minicoin.chain.DataDirLock;
import minicoin.chain.MempoolPolicy;
import minicoin.chain.OwnerOnly;
import minicoin.chain.Utxo;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.FeeRate;
import minicoin.core.Hash;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.crypto.PublicKey;
import org.sqlite.SQLiteErrorCode;

/**
 * The node's keys, kept in SQLite ({@code dataDir/wallet.db}, write-ahead log, every change its own
 * commit synced to disk before the method returns), and the payments they sign.
 *
 * <p>Keys are numbered in creation order ({@code keys.seq}); a unique index on the key hash answers
 * {@link #owns(Address)}. Each row holds the address's key hash and the 32-byte secret, either in
 * clear or, once {@linkplain #encrypt(char[]) encrypted}, sealed with AES-GCM under a key stretched
 * from a passphrase by {@link KeyDerivation} (scrypt); the salt and the derivation's parameters sit
 * in the {@code meta} table. An unlock lasts until {@link #lock()} or until its time, read from an
 * injectable monotonic clock, runs out. Secrets are read only to sign, and never appear in a log or
 * an exception message; nor do passphrases. docs/wallet.md has the whole scheme.
 *
 * <p>One connection, so every method that touches it is synchronized: callers on several threads
 * are served one at a time. Statements are prepared per call and closed at once: the driver keeps
 * an executed statement active until it is closed, and VACUUM refuses to run beside one. A
 * {@code wallet.lock} file keeps a second store, in this process or another, from opening the
 * same wallet.
 */
public final class WalletStore implements AutoCloseable {

    public static final String FILE_NAME = "wallet.db";
    static final String LOCK_FILE_NAME = "wallet.lock";
    /**
     * The longest unlock, as Bitcoin Core's walletpassphrase clamps its timeout (about three years):
     * longer asks are cut to it, not refused.
     */
    public static final Duration MAX_UNLOCK = Duration.ofSeconds(100_000_000);
    /** A payment without a fee pays the relay minimum for its size, so every node takes and relays it. */
    public static final FeeRate DEFAULT_FEE_RATE = MempoolPolicy.DEFAULT_MIN_RELAY_FEE;
    /**
     * Payees of one payment (sendmany): a P2PKH output is 28 bytes, so 250 of them are 7 kB, leaving
     * room for inputs under the transaction size limit; a larger payout is a batch job, not a payment.
     */
    public static final int MAX_PAYEES = 250;
    /** Each round adds at most one input's worth of fee; a handful settles any payment. */
    private static final int MAX_FEE_ROUNDS = 8;

    private static final Logger LOG = Logger.getLogger(WalletStore.class.getName());

    /**
     * Bumped when the tables change shape; a file of a newer version is refused rather than misread,
     * an older one migrated. 2 added the transactions table.
     */
    static final long SCHEMA_VERSION = 2;
    /** The version before the transactions table: migrated by adding it. */
    private static final long SCHEMA_VERSION_KEYS_ONLY = 1;
    private static final String CREATE_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)";
    private static final String CREATE_KEYS = "CREATE TABLE keys (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " key_hash BLOB NOT NULL UNIQUE, kind INTEGER NOT NULL, secret BLOB NOT NULL)";
    /** {@code keys.kind}: the secret column holds the 32-byte secret itself. */
    private static final int CLEAR = 0;
    /**
     * {@code keys.kind}: the secret column holds an AES-GCM box, sealed with the key hash as context
     * so boxes cannot be swapped between rows.
     */
    private static final int SEALED = 1;
    private static final int SECRET_BYTES = 32;

    private static final String META_SCHEMA = "schema";
    private static final String META_KDF_SALT = "kdf.salt";
    /** PBKDF2's rounds, for wallets encrypted before scrypt (no {@code kdf.name}) or with {@code kdf.name} "pbkdf2-sha256". */
    private static final String META_KDF_ITERATIONS = "kdf.iterations";
    /** "scrypt" or "pbkdf2-sha256"; absent in wallets encrypted before scrypt, which used PBKDF2. */
    private static final String META_KDF_NAME = "kdf.name";
    /** scrypt's N, r and p, three big-endian ints. */
    private static final String META_KDF_SCRYPT = "kdf.scrypt";
    private static final String KDF_SCRYPT = "scrypt";
    private static final String KDF_PBKDF2 = "pbkdf2-sha256";
    /** A known value sealed under the passphrase key, so unlocking can tell a wrong passphrase even with no keys. */
    private static final String META_KDF_CHECK = "kdf.check";
    /**
     * Set in the commit that seals the secrets (or reseals them under a new passphrase) and removed
     * once the old copies are scrubbed from the files, so a process killed in between finishes the
     * scrub when the wallet next opens.
     */
    private static final String META_SCRUB_PENDING = "scrub.pending";
    /** Bitcoin Core's words for a locked wallet, naming the RPC that unlocks it. */
    static final String LOCKED_MESSAGE = "Error: Please enter the wallet passphrase with walletpassphrase first.";
    /** Bits of a POSIX mode (stat's st_mode): others may write to a directory, unless it is sticky. */
    private static final int GROUP_WRITE_BIT = 0020;
    private static final int OTHERS_WRITE_BIT = 0002;
    private static final int STICKY_BIT = 01000;
    private static final byte[] CHECK_PLAINTEXT = new byte[SECRET_BYTES];
    private static final byte[] CHECK_CONTEXT = "minicoin wallet passphrase check".getBytes(StandardCharsets.US_ASCII);

    private final Connection connection;
    /** Null for an in-memory wallet, which no other store can reach. */
    private final DataDirLock lock;
    private final SecureRandom random;
    /** Monotonic nanoseconds (System.nanoTime in a node), read to expire unlocks; tests move it by hand. */
    private final LongSupplier clock;
    /** The AES key while an encrypted wallet is unlocked; null otherwise. */
    private byte[] unlockedKey;
    /** When the unlock ends, on {@link #clock}; meaningful only while {@link #unlockLimited}. */
    private long unlockedUntilNanos;
    private boolean unlockLimited;
    private boolean closed;

    private WalletStore(Connection connection, DataDirLock lock, SecureRandom random, LongSupplier clock) throws SQLException {
        this.connection = connection;
        this.lock = lock;
        this.random = random;
        this.clock = clock;
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            // A created key must survive a power loss once createAddress returns: the log is synced at every commit.
            statement.execute("PRAGMA synchronous=FULL");
            // Deleted and overwritten content is zeroed, so sealing a secret in place leaves no clear copy in the page.
            statement.execute("PRAGMA secure_delete=ON");
            // VACUUM's scratch copy of the wallet stays in memory, never in a temporary file.
            statement.execute("PRAGMA temp_store=MEMORY");
            statement.execute(CREATE_META);
        }
        checkSchemaVersion();
        TxRecords.addFeeColumn(connection);
        if (meta(META_SCRUB_PENDING).isPresent()) {
            scrubOldSecrets();
        }
    }

    /**
     * Opens {@code dataDir/wallet.db}, creating the directory and an empty wallet if needed.
     *
     * @throws IllegalStateException when the wallet is already open, in this process or another
     *                               ({@code wallet.lock} is held), or the file is not a wallet this node reads
     * @throws IOException           when the directory or lock file cannot be made
     */
    public static WalletStore open(Path dataDir) throws IOException {
        return open(dataDir, System::nanoTime);
    }

    /** {@link #open(Path)} with the monotonic nanosecond clock that times unlocks. */
    public static WalletStore open(Path dataDir, LongSupplier clock) throws IOException {
        Objects.requireNonNull(clock, "clock");
        OwnerOnly.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        // Made 0600 before SQLite opens it: SQLite gives its journals the database file's mode.
        OwnerOnly.createFileIfMissing(file);
        DataDirLock lock = lockWallet(dataDir);
        try {
            return create("jdbc:sqlite:" + file.toAbsolutePath(), lock, clock);
        } catch (SQLException e) {
            lock.close();
            if (e.getErrorCode() == SQLiteErrorCode.SQLITE_NOTADB.code) {
                throw new IllegalStateException(file + " is not a SQLite database (a wallet of an older Minicoin,"
                        + " kept in MapDB, or another file); it was left as it is", e);
            }
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** An empty wallet in memory, on the same code path and commit semantics as on disk: for tests. */
    public static WalletStore inMemory() {
        return inMemory(System::nanoTime);
    }

    /** {@link #inMemory()} with the clock that times unlocks. */
    public static WalletStore inMemory(LongSupplier clock) {
        Objects.requireNonNull(clock, "clock");
        try {
            return create("jdbc:sqlite::memory:", null, clock);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open an in-memory wallet: " + e.getMessage(), e);
        }
    }

    private static WalletStore create(String url, DataDirLock lock, LongSupplier clock) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try {
            return new WalletStore(connection, lock, new SecureRandom(), clock);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static DataDirLock lockWallet(Path dataDir) throws IOException {
        try {
            return DataDirLock.acquire(dataDir.resolve(LOCK_FILE_NAME), "the wallet");
        } catch (ChainStoreException e) {
            if (e.getCause() instanceof IOException cause) {
                throw new IOException(e.getMessage(), cause);
            }
            throw new IllegalStateException(dataDir.resolve(FILE_NAME) + " is already open: " + e.getMessage(), e);
        }
    }

    /** Reads the version before creating or reading any table, so a wallet of another version is refused unchanged. */
    private void checkSchemaVersion() throws SQLException {
        Optional<byte[]> stored = meta(META_SCHEMA);
        if (stored.isPresent()) {
            String version = new String(stored.get(), StandardCharsets.US_ASCII);
            if (version.equals(Long.toString(SCHEMA_VERSION_KEYS_ONLY))) {
                migrateToTransactionRecords();
                return;
            }
            if (!version.equals(Long.toString(SCHEMA_VERSION))) {
                throw new IllegalStateException(FILE_NAME + " has schema version " + version + "; this node reads version "
                        + SCHEMA_VERSION + ", so it leaves the wallet as it is (was it written by a newer Minicoin?)");
            }
            return;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'keys'")) {
            if (rows.next()) {
                throw new IllegalStateException(FILE_NAME + " has a keys table but no schema version: it is damaged"
                        + " or not a Minicoin wallet");
            }
        }
        inTransaction(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE_KEYS);
                TxRecords.createTables(statement);
            }
            putMeta(META_SCHEMA, Long.toString(SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII));
        });
    }

    /** Version 1 to 2: the transactions table and the new version in one commit, so a crash leaves either whole. */
    private void migrateToTransactionRecords() throws SQLException {
        inTransaction(() -> {
            try (Statement statement = connection.createStatement()) {
                TxRecords.createTables(statement);
            }
            putMeta(META_SCHEMA, Long.toString(SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII));
        });
        LOG.info(FILE_NAME + ": migrated from schema version " + SCHEMA_VERSION_KEYS_ONLY + " to " + SCHEMA_VERSION
                + " (a table for the wallet's transactions)");
    }

    // ---- Keys and addresses

    /**
     * A new address with a fresh random key, synced to disk before this returns.
     *
     * @throws WalletException LOCKED when the wallet is encrypted and locked
     */
    public synchronized Address createAddress() throws WalletException {
        requireUnlocked();
        return insert(PrivateKey.generate(random));
    }

    /**
     * Adds a key made elsewhere (such as the genesis reward key) and returns its address. A key
     * already here is left as it is, so importing twice is harmless.
     *
     * @throws WalletException LOCKED when the key is new and the wallet is encrypted and locked
     */
    public synchronized Address importKey(PrivateKey key) throws WalletException {
        Objects.requireNonNull(key, "key");
        Address address = key.publicKey().address();
        if (owns(address)) {
            return address;
        }
        requireUnlocked();
        return insert(key);
    }

    /** One autocommitted INSERT: with synchronous=FULL the key is on disk when it returns. */
    private Address insert(PrivateKey key) {
        Address address = key.publicKey().address();
        if (unlockedKey == null && isEncrypted()) {
            // Callers check the lock first; a key must never be written in clear into an encrypted wallet.
            throw new IllegalStateException("a key was about to be stored in clear in an encrypted wallet");
        }
        byte[] keyHash = address.hash160();
        byte[] secret = key.toBytes();
        try (PreparedStatement insertKey = connection.prepareStatement(
                "INSERT INTO keys (key_hash, kind, secret) VALUES (?, ?, ?)")) {
            insertKey.setBytes(1, keyHash);
            if (unlockedKey == null) {
                insertKey.setInt(2, CLEAR);
                insertKey.setBytes(3, secret);
            } else {
                insertKey.setInt(2, SEALED);
                insertKey.setBytes(3, PassphraseCipher.seal(unlockedKey, secret, keyHash, random));
            }
            insertKey.executeUpdate();
            return address;
        } catch (SQLException e) {
            throw failure("store a new key", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Every address, oldest first. */
    public synchronized List<Address> addresses() {
        List<Address> result = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT seq, key_hash FROM keys ORDER BY seq")) {
            while (rows.next()) {
                result.add(address(rows.getLong(1), rows.getBytes(2)));
            }
        } catch (SQLException e) {
            throw failure("list the addresses", e);
        }
        return result;
    }

    public synchronized boolean owns(Address address) {
        try (PreparedStatement hasKey = connection.prepareStatement("SELECT 1 FROM keys WHERE key_hash = ?")) {
            hasKey.setBytes(1, address.hash160());
            try (ResultSet rows = hasKey.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw failure("look up an address", e);
        }
    }

    /** The oldest address: the node's default for mining rewards. */
    public synchronized Optional<Address> firstAddress() {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT seq, key_hash FROM keys ORDER BY seq LIMIT 1")) {
            return rows.next() ? Optional.of(address(rows.getLong(1), rows.getBytes(2))) : Optional.empty();
        } catch (SQLException e) {
            throw failure("read the first address", e);
        }
    }

    /** Every address, oldest first, each on its own line ending in a newline; empty for an empty wallet. */
    public synchronized String exportAddresses() {
        StringBuilder text = new StringBuilder();
        for (Address address : addresses()) {
            text.append(address).append('\n');
        }
        return text.toString();
    }

    /**
     * The key of an owned address, for signing.
     *
     * @throws WalletException UNKNOWN_ADDRESS when the address is not this wallet's; LOCKED when the
     *                         wallet is encrypted and locked
     */
    synchronized PrivateKey privateKey(Address address) throws WalletException {
        long seq;
        int kind;
        byte[] stored;
        try (PreparedStatement selectKey = connection.prepareStatement(
                "SELECT seq, kind, secret FROM keys WHERE key_hash = ?")) {
            selectKey.setBytes(1, address.hash160());
            try (ResultSet rows = selectKey.executeQuery()) {
                if (!rows.next()) {
                    throw new WalletException(WalletException.Code.UNKNOWN_ADDRESS,
                            "address " + address + " is not in this wallet, so it cannot pay from it");
                }
                seq = rows.getLong(1);
                kind = rows.getInt(2);
                stored = rows.getBytes(3);
            }
        } catch (SQLException e) {
            throw failure("read a key", e);
        }
        byte[] secret;
        if (isSealed(seq, kind, stored)) {
            requireUnlocked();
            try {
                secret = PassphraseCipher.open(unlockedKey, stored, address.hash160());
            } catch (AEADBadTagException e) {
                throw new IllegalStateException("wallet key " + seq + " does not decrypt: the file is damaged");
            }
        } else {
            secret = stored;
        }
        try {
            PrivateKey key = PrivateKey.fromBytes(secret);
            if (!key.publicKey().address().equals(address)) {
                throw new IllegalStateException("wallet key " + seq + " does not match its address: the file is damaged");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("wallet key " + seq + " is damaged: " + e.getMessage());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * The key of an owned address, to show its owner (Bitcoin Core's {@code dumpprivkey}). Refused
     * while the wallet is locked, whether or not the address is ours, as Core refuses.
     *
     * @throws WalletException LOCKED, or UNKNOWN_ADDRESS when the address is not this wallet's
     */
    public synchronized PrivateKey exportKey(Address address) throws WalletException {
        requireUnlocked();
        return privateKey(address);
    }

    /**
     * Adds a key made elsewhere at a user's request (Bitcoin Core's {@code importprivkey}): refused
     * while the wallet is locked even when the key is here already, as Core refuses; sealed under
     * the passphrase when the wallet is encrypted.
     *
     * @return the key's address and whether it is new to the wallet
     * @throws WalletException LOCKED
     */
    public synchronized ImportedKey importUserKey(PrivateKey key) throws WalletException {
        Objects.requireNonNull(key, "key");
        requireUnlocked();
        Address address = key.publicKey().address();
        if (owns(address)) {
            return new ImportedKey(address, false);
        }
        return new ImportedKey(insert(key), true);
    }

    /** What {@link #importUserKey} did: the key's address, and false when the wallet had it already. */
    public record ImportedKey(Address address, boolean added) {
    }

    /**
     * The public key of an owned address, when it can be read: always for a key kept in clear, for
     * a sealed one only while the wallet is unlocked (the table keeps the key hash, not the public key).
     */
    public synchronized Optional<PublicKey> publicKey(Address address) {
        if (!owns(address) || isLocked()) {
            return Optional.empty();
        }
        try {
            return Optional.of(privateKey(address).publicKey());
        } catch (WalletException e) {
            return Optional.empty();
        }
    }

    /** Checks a stored key's shape (never quoting its bytes) and says whether its secret is sealed. */
    private static boolean isSealed(long seq, int kind, byte[] stored) {
        if (kind == CLEAR && stored.length == SECRET_BYTES) {
            return false;
        }
        if (kind == SEALED && stored.length == PassphraseCipher.sealedBytes(SECRET_BYTES)) {
            return true;
        }
        throw new IllegalStateException("wallet key " + seq + " has an unknown layout (kind " + kind + ", "
                + stored.length + " bytes): the file is damaged or from another version");
    }

    private static Address address(long seq, byte[] keyHash) {
        if (keyHash.length != Hashes.HASH160_BYTES) {
            throw new IllegalStateException("wallet key " + seq + " has a key hash of " + keyHash.length
                    + " bytes, not " + Hashes.HASH160_BYTES + ": the file is damaged");
        }
        return Address.ofHash160(keyHash);
    }

    // ---- Balances and payments

    /** The balance of any address, this wallet's or not; see {@link Balance}. */
    public Balance balance(Address address, CoinSource coins) {
        return Balance.of(address, coins);
    }

    /**
     * Builds and signs a payment of {@code amount} coins from {@code from}, an address of this
     * wallet, to {@code to}, leaving {@code fee} to the miner. Coins are chosen as
     * {@link CoinSelection} says; what they hold beyond amount and fee comes back to {@code from}
     * as a second output (none when nothing is left over). The transaction is not broadcast here.
     *
     * @throws WalletException AMOUNT_NOT_POSITIVE, NEGATIVE_FEE, AMOUNT_TOO_LARGE, UNKNOWN_ADDRESS,
     *                         LOCKED, INSUFFICIENT_FUNDS or TX_TOO_LARGE
     */
    public Transaction createPayment(Address from, Address to, long amount, long fee, CoinSource coins,
                                     ConsensusParams params) throws WalletException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(coins, "coins");
        Objects.requireNonNull(params, "params");
        if (amount <= 0) {
            throw new WalletException(WalletException.Code.AMOUNT_NOT_POSITIVE,
                    "the amount to send must be positive, not " + amount);
        }
        if (fee < 0) {
            throw new WalletException(WalletException.Code.NEGATIVE_FEE, "the fee must not be negative, not " + fee);
        }
        if (amount > params.maxMoney() - fee) {
            throw new WalletException(WalletException.Code.AMOUNT_TOO_LARGE, "amount " + amount + " plus fee " + fee
                    + " exceeds the " + params.maxMoney() + " coins a transaction may move on " + params.name());
        }
        PrivateKey key = privateKey(from);
        CoinSelection selection = CoinSelection.select(from, amount, fee, coins, params);
        PaymentBuilder builder = new PaymentBuilder();
        for (Utxo utxo : selection.inputs()) {
            builder.spend(utxo.outPoint(), utxo.coin().output(), key);
        }
        builder.pay(to, amount);
        long change = selection.inputValue() - amount - fee;
        if (change > 0) {
            builder.pay(from, change);
        }
        Transaction tx = builder.build();
        if (tx.size() > params.maxTxBytes()) {
            throw new WalletException(WalletException.Code.TX_TOO_LARGE, "paying " + amount + " from " + from
                    + " needs " + selection.inputs().size() + " inputs, a transaction of " + tx.size()
                    + " bytes, over the limit of " + params.maxTxBytes() + "; send a smaller amount first");
        }
        return tx;
    }

    /**
     * A payment that pays {@code rate} for its own size: built with a first guess of the fee, then
     * again with the fee its size asks for until the two agree (more fee may take another input).
     *
     * @throws WalletException as {@link #createPayment(Address, Address, long, long, CoinSource, ConsensusParams)}
     */
    public Transaction createPayment(Address from, Address to, long amount, FeeRate rate, CoinSource coins,
                                     ConsensusParams params) throws WalletException {
        Objects.requireNonNull(rate, "rate");
        long fee = rate.feeFor(1);
        for (int round = 0; round < MAX_FEE_ROUNDS; round++) {
            Transaction tx = createPayment(from, to, amount, fee, coins, params);
            long needed = rate.feeFor(tx.size());
            if (fee >= needed) {
                return tx;
            }
            fee = needed;
        }
        return createPayment(from, to, amount, fee, coins, params);
    }

    /**
     * {@link #createPayment(Address, Address, long, long, CoinSource, ConsensusParams)} for
     * addresses as a user typed them.
     *
     * @throws WalletException BAD_ADDRESS with the parser's reason when either does not parse; the
     *                         string itself is not repeated, in case a secret was pasted by mistake
     */
    public Transaction createPayment(String from, String to, long amount, long fee, CoinSource coins,
                                     ConsensusParams params) throws WalletException {
        return createPayment(parse("from", from), parse("to", to), amount, fee, coins, params);
    }

    /** {@link #createPayment(Address, Address, long, FeeRate, CoinSource, ConsensusParams)} for addresses as typed. */
    public Transaction createPayment(String from, String to, long amount, FeeRate rate, CoinSource coins,
                                     ConsensusParams params) throws WalletException {
        return createPayment(parse("from", from), parse("to", to), amount, rate, coins, params);
    }

    /**
     * A payment from {@code from} to several addresses in one transaction (Bitcoin Core's
     * {@code sendmany}), paying {@code rate} for its size. The fee is added on top, or, when some
     * payees {@linkplain Payee#subtractFee subtract it}, shared equally among them (the first takes
     * what does not divide), as Core does. The change, if any, goes back to {@code from}.
     *
     * @throws WalletException AMOUNT_NOT_POSITIVE, AMOUNT_TOO_LARGE, TOO_MANY_OUTPUTS, DUPLICATE_ADDRESS,
     *                         UNKNOWN_ADDRESS, LOCKED, INSUFFICIENT_FUNDS, FEE_EXCEEDS_AMOUNT or TX_TOO_LARGE
     */
    public Transaction createPayment(Address from, List<Payee> payees, FeeRate rate, CoinSource coins,
                                     ConsensusParams params) throws WalletException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(coins, "coins");
        Objects.requireNonNull(params, "params");
        if (payees.isEmpty() || payees.size() > MAX_PAYEES) {
            throw new WalletException(WalletException.Code.TOO_MANY_OUTPUTS,
                    "a payment has 1 to " + MAX_PAYEES + " payees, not " + payees.size());
        }
        Set<Address> seen = new HashSet<>();
        long total = 0;
        for (Payee payee : payees) {
            if (!seen.add(payee.address())) {
                throw new WalletException(WalletException.Code.DUPLICATE_ADDRESS,
                        "Invalid parameter, duplicated address: " + payee.address());
            }
            if (payee.amount() <= 0) {
                throw new WalletException(WalletException.Code.AMOUNT_NOT_POSITIVE,
                        "the amount to send must be positive, not " + payee.amount());
            }
            if (payee.amount() > params.maxMoney() - total) {
                throw new WalletException(WalletException.Code.AMOUNT_TOO_LARGE, "the amounts exceed the "
                        + params.maxMoney() + " coins a transaction may move on " + params.name());
            }
            total += payee.amount();
        }
        long fee = rate.feeFor(1);
        for (int round = 0; round < MAX_FEE_ROUNDS; round++) {
            Transaction tx = paySeveral(from, payees, total, fee, coins, params);
            long needed = rate.feeFor(tx.size());
            if (fee >= needed) {
                return tx;
            }
            fee = needed;
        }
        return paySeveral(from, payees, total, fee, coins, params);
    }

    private Transaction paySeveral(Address from, List<Payee> payees, long total, long fee, CoinSource coins,
                                   ConsensusParams params) throws WalletException {
        long subtracting = payees.stream().filter(Payee::subtractFee).count();
        if (subtracting == 0 && total > params.maxMoney() - fee) {
            throw new WalletException(WalletException.Code.AMOUNT_TOO_LARGE, "the amounts plus fee " + fee
                    + " exceed the " + params.maxMoney() + " coins a transaction may move on " + params.name());
        }
        PrivateKey key = privateKey(from);
        long target = subtracting == 0 ? total + fee : total;
        CoinSelection selection = CoinSelection.select(from, target, 0, coins, params);
        PaymentBuilder builder = new PaymentBuilder();
        for (Utxo utxo : selection.inputs()) {
            builder.spend(utxo.outPoint(), utxo.coin().output(), key);
        }
        long share = subtracting == 0 ? 0 : fee / subtracting;
        long remainder = subtracting == 0 ? 0 : fee % subtracting;
        boolean first = true;
        for (Payee payee : payees) {
            long value = payee.amount();
            if (payee.subtractFee()) {
                value -= share + (first ? remainder : 0);
                first = false;
                if (value <= 0) {
                    throw new WalletException(WalletException.Code.FEE_EXCEEDS_AMOUNT,
                            "The transaction amount is too small to pay the fee");
                }
            }
            builder.pay(payee.address(), value);
        }
        long change = selection.inputValue() - target;
        if (change > 0) {
            builder.pay(from, change);
        }
        Transaction tx = builder.build();
        if (tx.size() > params.maxTxBytes()) {
            throw new WalletException(WalletException.Code.TX_TOO_LARGE, "paying " + total + " from " + from
                    + " needs " + selection.inputs().size() + " inputs, a transaction of " + tx.size()
                    + " bytes, over the limit of " + params.maxTxBytes() + "; send a smaller amount first");
        }
        return tx;
    }

    private static Address parse(String role, String text) throws WalletException {
        try {
            return Address.parse(text);
        } catch (AddressFormatException e) {
            throw new WalletException(WalletException.Code.BAD_ADDRESS,
                    "bad '" + role + "' address: " + e.getMessage() + " (" + e.reason() + ")");
        }
    }

    // ---- Transaction records (the transactions table: TxRecords)

    /**
     * Records a payment this wallet made as PENDING, synced to disk before this returns: call it
     * before the payment is broadcast, so a payment that leaves the node is never forgotten.
     */
    public synchronized void recordCreated(Transaction tx, long nowSeconds) {
        try {
            records().insert(tx, true, nowSeconds);
        } catch (SQLException e) {
            throw failure("record a transaction", e);
        }
    }

    /**
     * {@link #recordCreated(Transaction, long)} with the fee the payment leaves to the miner, which
     * the history shows (Core's {@code fee} of a send): the inputs' values are known only now.
     */
    public synchronized void recordCreated(Transaction tx, long fee, long nowSeconds) {
        try {
            inTransaction(() -> {
                records().insert(tx, true, nowSeconds);
                records().setFee(tx.txid(), fee);
            });
        } catch (SQLException e) {
            throw failure("record a transaction", e);
        }
    }

    /** The {@code limit} most recent records, newest first (for the history, listtransactions). */
    public synchronized List<WalletTx> recentTransactions(int limit) {
        try {
            return records().recent(limit);
        } catch (SQLException e) {
            throw failure("list the transactions", e);
        }
    }

    /** The key hashes of this wallet's addresses: for the history's send and receive entries. */
    public synchronized Set<Bytes> keyHashes() {
        try {
            return ownedKeyHashes();
        } catch (SQLException e) {
            throw failure("list the key hashes", e);
        }
    }

    /** The chain refused a payment as it was made: it was never broadcast and is not rebroadcast. */
    public synchronized void markRefused(Hash txid, String reason) {
        try {
            records().setStatus(txid, WalletTx.Status.PENDING, WalletTx.Status.REFUSED, null, -1, reason);
        } catch (SQLException e) {
            throw failure("mark a transaction refused", e);
        }
    }

    /** Keeps why a rebroadcast was refused; the record stays pending, as the refusal may pass (a full pool, say). */
    public synchronized void noteRefusal(Hash txid, String reason) {
        try {
            records().note(txid, reason);
        } catch (SQLException e) {
            throw failure("note a refusal", e);
        }
    }

    /** A transaction the mempool accepted; see {@link TxRecords#seenInMempool}. */
    public synchronized void transactionSeen(Transaction tx, long nowSeconds) {
        try {
            Set<Bytes> owned = ownedKeyHashes();
            inTransaction(() -> records().seenInMempool(tx, owned, nowSeconds));
        } catch (SQLException e) {
            throw failure("record a mempool transaction", e);
        }
    }

    /**
     * A block joined the main chain at {@code height}: confirms and conflicts records as
     * {@link TxRecords#blockConnected} says, and remembers the block, in one commit.
     */
    public synchronized void blockConnected(Block block, long height, long nowSeconds) {
        try {
            Set<Bytes> owned = ownedKeyHashes();
            inTransaction(() -> {
                records().blockConnected(block, height, owned, nowSeconds);
                putMeta(TxRecords.META_LAST_BLOCK, ByteBuffer.allocate(Long.BYTES + Hash.BYTES)
                        .putLong(height).put(block.hash().toArray()).array());
            });
        } catch (SQLException e) {
            throw failure("record a connected block", e);
        }
    }

    /** Transactions the chain says left it in a reorganisation; see {@link TxRecords#transactionsLeft}. */
    public synchronized void transactionsLeft(List<Hash> txids) {
        try {
            inTransaction(() -> records().transactionsLeft(Set.copyOf(txids)));
        } catch (SQLException e) {
            throw failure("record transactions that left the chain", e);
        }
    }

    /** The height of the last block {@link #blockConnected} saw; empty before the first. */
    public synchronized OptionalLong lastBlockHeight() {
        try {
            Optional<byte[]> stored = meta(TxRecords.META_LAST_BLOCK);
            return stored.isPresent() ? OptionalLong.of(ByteBuffer.wrap(stored.get()).getLong()) : OptionalLong.empty();
        } catch (SQLException e) {
            throw failure("read the last block seen", e);
        }
    }

    /** The record of {@code txid}, if the wallet made it or was paid by it. */
    public synchronized Optional<WalletTx> transaction(Hash txid) {
        try {
            return records().get(txid);
        } catch (SQLException e) {
            throw failure("read a transaction record", e);
        }
    }

    /**
     * Records in no block yet, oldest first (parents before children): what is rebroadcast. A reward
     * of the wallet whose block left the main chain is left out: a coinbase returns only with its block.
     */
    public synchronized List<WalletTx> pendingTransactions() {
        try {
            return records().withStatus(WalletTx.Status.PENDING).stream().filter(record -> !record.tx().isCoinbase())
                    .toList();
        } catch (SQLException e) {
            throw failure("list the pending transactions", e);
        }
    }

    private TxRecords records() {
        return new TxRecords(connection);
    }

    private Set<Bytes> ownedKeyHashes() throws SQLException {
        Set<Bytes> owned = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT key_hash FROM keys")) {
            while (rows.next()) {
                owned.add(Bytes.of(rows.getBytes(1)));
            }
        }
        return owned;
    }

    // ---- Passphrase encryption

    public synchronized boolean isEncrypted() {
        try {
            return meta(META_KDF_SALT).isPresent();
        } catch (SQLException e) {
            throw failure("read the passphrase settings", e);
        }
    }

    /**
     * True while the wallet is encrypted and not unlocked, or its unlock has run out: it can list and
     * check addresses but not sign or add keys.
     */
    public synchronized boolean isLocked() {
        expireUnlock();
        return isEncrypted() && unlockedKey == null;
    }

    /** What is left of a timed unlock; empty when locked, not encrypted, or unlocked without a time limit. */
    public synchronized Optional<Duration> timeLeftUnlocked() {
        expireUnlock();
        if (unlockedKey == null || !unlockLimited) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(unlockedUntilNanos - clock.getAsLong()));
    }

    /** Forgets the key once its time has come, whoever asks first: a timer, or a signature about to be made. */
    private void expireUnlock() {
        if (unlockedKey != null && unlockLimited && clock.getAsLong() - unlockedUntilNanos >= 0) {
            lock();
        }
    }

    /**
     * Encrypts every secret under {@code passphrase}, in one commit, and leaves the wallet locked.
     * The caller keeps and should clear the passphrase array.
     *
     * <p>The clear secrets are then scrubbed from the files: rows are sealed in place with
     * secure_delete on, VACUUM rewrites the database, and a truncating checkpoint empties the
     * write-ahead log. What the file system or the drive keeps of blocks it freed is beyond reach:
     * encrypt a wallet before its first key if that matters.
     *
     * @throws WalletException ALREADY_ENCRYPTED, EMPTY_PASSPHRASE or INVALID_PASSPHRASE
     */
    public synchronized void encrypt(char[] passphrase) throws WalletException {
        encrypt(passphrase, KeyDerivation.DEFAULT);
    }

    /** {@link #encrypt(char[])} with a chosen key derivation; tests use a cheap one. */
    synchronized void encrypt(char[] passphrase, KeyDerivation kdf) throws WalletException {
        Objects.requireNonNull(kdf, "kdf");
        if (isEncrypted()) {
            throw new WalletException(WalletException.Code.ALREADY_ENCRYPTED, "the wallet already has a passphrase");
        }
        checkNewPassphrase(passphrase);
        byte[] salt = PassphraseCipher.newSalt(random);
        byte[] aesKey = kdf.deriveKey(passphrase, salt);
        try {
            inTransaction(() -> {
                sealClearSecrets(aesKey);
                putPassphraseSettings(kdf, salt, aesKey);
                putMeta(META_SCRUB_PENDING, new byte[0]);
            });
        } catch (SQLException e) {
            throw failure("encrypt", e);
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
        scrubAfterCommit("encrypted");
    }

    /**
     * Reseals every secret under {@code newPassphrase} with a fresh salt and the current key
     * derivation, in one commit, after checking {@code oldPassphrase}; the old boxes are then
     * scrubbed from the files as {@link #encrypt(char[])} scrubs clear secrets. A locked wallet
     * stays locked; an unlocked one stays unlocked, for the same time, under the new key.
     *
     * @throws WalletException NOT_ENCRYPTED, WRONG_PASSPHRASE (the old one), EMPTY_PASSPHRASE or
     *                         INVALID_PASSPHRASE (the new one)
     */
    public synchronized void changePassphrase(char[] oldPassphrase, char[] newPassphrase) throws WalletException {
        changePassphrase(oldPassphrase, newPassphrase, KeyDerivation.DEFAULT);
    }

    /** {@link #changePassphrase(char[], char[])} with a chosen key derivation for the new passphrase. */
    synchronized void changePassphrase(char[] oldPassphrase, char[] newPassphrase, KeyDerivation kdf)
            throws WalletException {
        Objects.requireNonNull(kdf, "kdf");
        if (!isEncrypted()) {
            throw new WalletException(WalletException.Code.NOT_ENCRYPTED, "the wallet has no passphrase to change");
        }
        checkNewPassphrase(newPassphrase);
        byte[] oldKey = checkedKey(oldPassphrase);
        byte[] salt = PassphraseCipher.newSalt(random);
        byte[] newKey = kdf.deriveKey(newPassphrase, salt);
        boolean keepNewKey = false;
        try {
            inTransaction(() -> {
                resealSecrets(oldKey, newKey);
                putPassphraseSettings(kdf, salt, newKey);
                putMeta(META_SCRUB_PENDING, new byte[0]);
            });
            expireUnlock();
            if (unlockedKey != null) {
                Arrays.fill(unlockedKey, (byte) 0);
                unlockedKey = newKey;
                keepNewKey = true;
            }
        } catch (SQLException e) {
            throw failure("change the passphrase", e);
        } finally {
            Arrays.fill(oldKey, (byte) 0);
            if (!keepNewKey) {
                Arrays.fill(newKey, (byte) 0);
            }
        }
        scrubAfterCommit("resealed under the new passphrase");
    }

    private static void checkNewPassphrase(char[] passphrase) throws WalletException {
        if (passphrase == null || passphrase.length == 0) {
            throw new WalletException(WalletException.Code.EMPTY_PASSPHRASE, "the passphrase must not be empty");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(CharBuffer.wrap(passphrase))) {
            throw new WalletException(WalletException.Code.INVALID_PASSPHRASE,
                    "the passphrase is not valid Unicode text (it holds a lone surrogate)");
        }
    }

    /** Read first, then sealed: SQLite leaves undefined what a scan sees of rows changed under it. */
    private void sealClearSecrets(byte[] aesKey) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        List<byte[]> keyHashes = new ArrayList<>();
        List<byte[]> secrets = new ArrayList<>();
        try {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT seq, key_hash, kind, secret FROM keys WHERE kind = " + CLEAR)) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    byte[] secret = rows.getBytes(4);
                    secrets.add(secret);
                    isSealed(seq, rows.getInt(3), secret);
                    seqs.add(seq);
                    keyHashes.add(rows.getBytes(2));
                }
            }
            writeSealed(seqs, keyHashes, secrets, aesKey);
        } finally {
            secrets.forEach(secret -> Arrays.fill(secret, (byte) 0));
        }
    }

    /** Opens every box with the old key and seals it with the new one; a box that does not open is damage. */
    private void resealSecrets(byte[] oldKey, byte[] newKey) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        List<byte[]> keyHashes = new ArrayList<>();
        List<byte[]> secrets = new ArrayList<>();
        try {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT seq, key_hash, kind, secret FROM keys")) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    byte[] keyHash = rows.getBytes(2);
                    if (!isSealed(seq, rows.getInt(3), rows.getBytes(4))) {
                        throw new IllegalStateException("wallet key " + seq
                                + " is stored in clear in an encrypted wallet: the file is damaged");
                    }
                    try {
                        secrets.add(PassphraseCipher.open(oldKey, rows.getBytes(4), keyHash));
                    } catch (AEADBadTagException e) {
                        throw new IllegalStateException("wallet key " + seq + " does not decrypt: the file is damaged");
                    }
                    seqs.add(seq);
                    keyHashes.add(keyHash);
                }
            }
            writeSealed(seqs, keyHashes, secrets, newKey);
        } finally {
            secrets.forEach(secret -> Arrays.fill(secret, (byte) 0));
        }
    }

    private void writeSealed(List<Long> seqs, List<byte[]> keyHashes, List<byte[]> secrets, byte[] aesKey)
            throws SQLException {
        try (PreparedStatement sealKey = connection.prepareStatement(
                "UPDATE keys SET kind = ?, secret = ? WHERE seq = ?")) {
            for (int i = 0; i < seqs.size(); i++) {
                sealKey.setInt(1, SEALED);
                sealKey.setBytes(2, PassphraseCipher.seal(aesKey, secrets.get(i), keyHashes.get(i), random));
                sealKey.setLong(3, seqs.get(i));
                sealKey.executeUpdate();
            }
        }
    }

    /** Salt, derivation and check value of a new passphrase; inside the commit that seals the secrets. */
    private void putPassphraseSettings(KeyDerivation kdf, byte[] salt, byte[] aesKey) throws SQLException {
        putMeta(META_KDF_SALT, salt);
        if (kdf instanceof KeyDerivation.Scrypt scrypt) {
            putMeta(META_KDF_NAME, KDF_SCRYPT.getBytes(StandardCharsets.US_ASCII));
            putMeta(META_KDF_SCRYPT, ByteBuffer.allocate(3 * Integer.BYTES)
                    .putInt(scrypt.n()).putInt(scrypt.r()).putInt(scrypt.p()).array());
            deleteMeta(META_KDF_ITERATIONS);
        } else if (kdf instanceof KeyDerivation.Pbkdf2Sha256 pbkdf2) {
            putMeta(META_KDF_NAME, KDF_PBKDF2.getBytes(StandardCharsets.US_ASCII));
            putMeta(META_KDF_ITERATIONS, intBytes(pbkdf2.iterations()));
            deleteMeta(META_KDF_SCRYPT);
        } else {
            throw new IllegalArgumentException("unknown key derivation " + kdf);
        }
        putMeta(META_KDF_CHECK, PassphraseCipher.seal(aesKey, CHECK_PLAINTEXT, CHECK_CONTEXT, random));
    }

    /** The key derivation this wallet's passphrase was set with; bounded, so a planted file cannot exhaust memory. */
    KeyDerivation storedKeyDerivation() {
        String name = meta(META_KDF_NAME, KDF_PBKDF2);
        try {
            if (name.equals(KDF_SCRYPT)) {
                byte[] parameters = requiredMeta(META_KDF_SCRYPT);
                if (parameters.length != 3 * Integer.BYTES) {
                    throw new IllegalStateException(FILE_NAME + " has scrypt parameters of " + parameters.length
                            + " bytes: the file is damaged");
                }
                ByteBuffer buffer = ByteBuffer.wrap(parameters);
                return new KeyDerivation.Scrypt(buffer.getInt(), buffer.getInt(), buffer.getInt());
            }
            if (name.equals(KDF_PBKDF2)) {
                return new KeyDerivation.Pbkdf2Sha256(ByteBuffer.wrap(requiredMeta(META_KDF_ITERATIONS)).getInt());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(FILE_NAME + " asks for " + e.getMessage()
                    + "; it is damaged or not a wallet this node wrote, so it is not unlocked");
        }
        throw new IllegalStateException(FILE_NAME + " names an unknown key derivation, " + name
                + ": written by a newer Minicoin, or damaged");
    }

    private String meta(String key, String absent) {
        try {
            return meta(key).map(value -> new String(value, StandardCharsets.US_ASCII)).orElse(absent);
        } catch (SQLException e) {
            throw failure("read the passphrase settings", e);
        }
    }

    /** The clear secrets or old boxes a commit replaced are scrubbed; a failure leaves the mark for the next open. */
    private void scrubAfterCommit(String what) {
        try {
            scrubOldSecrets();
        } catch (SQLException e) {
            // The wallet is encrypted all the same; the pending mark has the next open scrub again.
            LOG.warning(FILE_NAME + ": " + what + ", but the old secrets could not be scrubbed yet (" + e.getMessage()
                    + "); this is retried when the wallet next opens");
        }
    }

    /**
     * Rewrites the database without the pages and log frames that held clear secrets or boxes under
     * an old passphrase, then clears the pending mark. Runs outside a transaction, as VACUUM must.
     */
    private void scrubOldSecrets() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM");
            try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                // Only this connection uses the file, so the checkpoint is never busy; if it were, the next open retries.
                if (result.next() && result.getInt(1) != 0) {
                    LOG.warning(FILE_NAME + ": the write-ahead log could not be emptied after encryption;"
                            + " the scrub of old secrets is retried when the wallet next opens");
                    return;
                }
            }
        }
        deleteMeta(META_SCRUB_PENDING);
    }

    /**
     * Unlocks an encrypted wallet until {@link #lock()} or {@link #close()}.
     *
     * @throws WalletException NOT_ENCRYPTED or WRONG_PASSPHRASE
     */
    public synchronized void unlock(char[] passphrase) throws WalletException {
        byte[] aesKey = checkedKey(passphrase);
        lock();
        unlockedKey = aesKey;
    }

    /**
     * Unlocks an encrypted wallet for {@code timeout} (cut to {@link #MAX_UNLOCK}), replacing the
     * time of an unlock in force, as Bitcoin Core's walletpassphrase does; a timeout of zero checks
     * the passphrase and leaves the wallet locked.
     *
     * @throws WalletException NOT_ENCRYPTED or WRONG_PASSPHRASE; the wallet's state is unchanged then
     */
    public synchronized void unlock(char[] passphrase, Duration timeout) throws WalletException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("an unlock cannot last a negative time");
        }
        Duration limit = timeout.compareTo(MAX_UNLOCK) > 0 ? MAX_UNLOCK : timeout;
        byte[] aesKey = checkedKey(passphrase);
        lock();
        unlockedKey = aesKey;
        unlockLimited = true;
        unlockedUntilNanos = clock.getAsLong() + limit.toNanos();
    }

    /** The AES key of {@code passphrase}, checked against the stored check value; the caller zeroes it. */
    private byte[] checkedKey(char[] passphrase) throws WalletException {
        if (!isEncrypted()) {
            throw new WalletException(WalletException.Code.NOT_ENCRYPTED, "the wallet has no passphrase to unlock");
        }
        Objects.requireNonNull(passphrase, "passphrase");
        byte[] salt = requiredMeta(META_KDF_SALT);
        KeyDerivation kdf = storedKeyDerivation();
        byte[] check = requiredMeta(META_KDF_CHECK);
        byte[] aesKey;
        try {
            aesKey = kdf.deriveKey(passphrase, salt);
        } catch (IllegalArgumentException e) {
            // Not valid Unicode: no passphrase this wallet accepted looks like that.
            throw wrongPassphrase();
        }
        try {
            if (!Arrays.equals(PassphraseCipher.open(aesKey, check, CHECK_CONTEXT), CHECK_PLAINTEXT)) {
                throw new AEADBadTagException("check value differs");
            }
            return aesKey;
        } catch (AEADBadTagException e) {
            Arrays.fill(aesKey, (byte) 0);
            throw wrongPassphrase();
        }
    }

    private static WalletException wrongPassphrase() {
        return new WalletException(WalletException.Code.WRONG_PASSPHRASE, "Error: The wallet passphrase entered was incorrect.");
    }

    /** Forgets the unlocking key; harmless on a wallet that is not encrypted or already locked. */
    public synchronized void lock() {
        if (unlockedKey != null) {
            Arrays.fill(unlockedKey, (byte) 0);
            unlockedKey = null;
        }
        unlockLimited = false;
    }

    private void requireUnlocked() throws WalletException {
        if (isLocked()) {
            throw new WalletException(WalletException.Code.LOCKED, LOCKED_MESSAGE);
        }
    }

    // ---- Backup

    /**
     * Writes a consistent copy of the wallet, as it is at this moment, to {@code target} with
     * SQLite's {@code VACUUM INTO}: a new file made 0600 here (never an existing one, never through
     * a symbolic link), synced with its directory entry before this returns. An encrypted wallet's
     * copy is encrypted under the same passphrase; the copy holds no free pages, so no scrubbed secret.
     * A node whose {@code dataDir} holds the copy as {@code wallet.db} has the same keys.
     *
     * @throws WalletException RELATIVE_BACKUP_PATH when {@code target} is not absolute;
     *                         BACKUP_FAILED when it exists, its directory is missing or writable by
     *                         others (who could swap the file), or the copy cannot be written
     */
    public synchronized void backup(Path target) throws WalletException {
        Objects.requireNonNull(target, "target");
        if (!target.isAbsolute()) {
            throw new WalletException(WalletException.Code.RELATIVE_BACKUP_PATH, "the backup path must be absolute, not "
                    + target + ": the node does not guess which directory a relative path means");
        }
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw backupFailed("the directory " + parent + " does not exist");
        }
        requireNoOtherWriters(parent);
        Object fileKey;
        try {
            // CREATE_NEW refuses an existing file or a symbolic link in its place, atomically.
            Files.createFile(target, OwnerOnly.fileAttributes(target));
            fileKey = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (FileAlreadyExistsException e) {
            throw backupFailed(target + " already exists; a backup never overwrites a file, so choose a new name");
        } catch (IOException e) {
            throw backupFailed("cannot create " + target + ": " + e);
        }
        try {
            // SQLite writes into the empty file made above, keeping its mode.
            try (PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, target.toString());
                vacuum.execute();
            }
            // VACUUM INTO does not sync what it wrote: a backup reported done must survive a power loss.
            try (FileChannel copy = FileChannel.open(target, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                copy.force(true);
            }
            try (FileChannel directory = FileChannel.open(parent, StandardOpenOption.READ)) {
                directory.force(true);
            }
            Object written = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && !fileKey.equals(written)) {
                throw backupFailed(target + " was replaced by another file while the backup was written");
            }
        } catch (SQLException | IOException e) {
            deleteIfOurs(target, fileKey);
            throw backupFailed("cannot write " + target + ": " + e.getMessage());
        }
    }

    /**
     * A directory others may write to, without the sticky bit, lets them rename the new file and
     * put theirs in its place before SQLite opens it: the copy would then land in their file.
     */
    private static void requireNoOtherWriters(Path directory) throws WalletException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(directory, "unix:mode");
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            // No POSIX modes on this file system: nothing to check.
            return;
        }
        boolean othersWrite = (mode & (GROUP_WRITE_BIT | OTHERS_WRITE_BIT)) != 0;
        if (othersWrite && (mode & STICKY_BIT) == 0) {
            throw backupFailed("others may write to " + directory + " (mode " + Integer.toOctalString(mode & 07777)
                    + ") and could swap the backup for a file of theirs; choose a directory only you can write to");
        }
    }

    private static void deleteIfOurs(Path target, Object fileKey) {
        try {
            Object now = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && fileKey.equals(now)) {
                Files.delete(target);
            }
        } catch (IOException e) {
            LOG.warning("could not remove the unfinished backup " + target + ": " + e.getMessage());
        }
    }

    private static WalletException backupFailed(String reason) {
        return new WalletException(WalletException.Code.BACKUP_FAILED, "Error: Wallet backup failed! " + reason);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    // ---- Storage

    private Optional<byte[]> meta(String key) throws SQLException {
        try (PreparedStatement getMeta = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            getMeta.setString(1, key);
            try (ResultSet rows = getMeta.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        }
    }

    private byte[] requiredMeta(String key) {
        try {
            return meta(key).orElseThrow(() -> new IllegalStateException(
                    FILE_NAME + " is encrypted but has no " + key + ": the file is damaged"));
        } catch (SQLException e) {
            throw failure("read the passphrase settings", e);
        }
    }

    private void putMeta(String key, byte[] value) throws SQLException {
        try (PreparedStatement putMeta = connection.prepareStatement(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
            putMeta.setString(1, key);
            putMeta.setBytes(2, value);
            putMeta.executeUpdate();
        }
    }

    private void deleteMeta(String key) throws SQLException {
        try (PreparedStatement removeMeta = connection.prepareStatement("DELETE FROM meta WHERE key = ?")) {
            removeMeta.setString(1, key);
            removeMeta.executeUpdate();
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Runs {@code work} as one commit; the connection is otherwise in autocommit, one statement a commit. */
    private void inTransaction(Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static IllegalStateException failure(String action, SQLException e) {
        return new IllegalStateException(FILE_NAME + ": cannot " + action + ": " + e.getMessage(), e);
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }
}
