package minicoin.wallet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import minicoin.chain.Utxo;
import minicoin.core.ConsensusParams;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The node's keys, kept in MapDB ({@code dataDir/wallet.db}, write-ahead log on, one commit per
 * change), and the payments they sign.
 *
 * <p>Keys are numbered in creation order; an index from key hash to number answers
 * {@link #owns(Address)}. Each key record holds the address's key hash and the 32-byte secret,
 * either in clear or, once {@linkplain #encrypt(char[]) encrypted}, sealed with AES-GCM under a key
 * stretched from a passphrase; the salt and iteration count sit in the same file. Secrets are
 * read only to sign, and never appear in a log or an exception message.
 *
 * <p>MapDB has one global transaction and no isolation, so every method that touches the store is
 * synchronized: callers on several threads are served one at a time.
 */
public final class WalletStore implements AutoCloseable {

    public static final String FILE_NAME = "wallet.db";
    /**
     * PBKDF2-HMAC-SHA256 rounds for new passphrases: OWASP's 2023 figure. Measured here at 0.25 to
     * 0.5 s a derivation (over 1 s cold), so encrypt and unlock belong on a worker, never an event loop.
     */
    public static final int DEFAULT_KDF_ITERATIONS = 600_000;

    /** Layout of the records below; a node refuses a file of another format rather than misread it. */
    private static final int FORMAT_VERSION = 1;
    private static final String KEYS = "keys";
    private static final String ADDRESS_INDEX = "addressIndex";
    private static final String META = "meta";
    private static final String META_FORMAT = "format";
    private static final String META_KDF_SALT = "kdf.salt";
    private static final String META_KDF_ITERATIONS = "kdf.iterations";
    /** A known value sealed under the passphrase key, so unlocking can tell a wrong passphrase even with no keys. */
    private static final String META_KDF_CHECK = "kdf.check";
    private static final byte[] CHECK_PLAINTEXT = new byte[KeyRecord.SECRET_BYTES];
    private static final byte[] CHECK_CONTEXT = "minicoin wallet passphrase check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final DB db;
    /** Creation number → key record. */
    private final BTreeMap<Long, byte[]> keys;
    /** Key hash (HASH160) → creation number. */
    private final BTreeMap<byte[], Long> addressIndex;
    private final BTreeMap<String, byte[]> meta;
    private final SecureRandom random;
    /** The AES key while an encrypted wallet is unlocked; null otherwise. */
    private byte[] unlockedKey;

    private WalletStore(DB db, SecureRandom random) {
        this.db = db;
        this.random = random;
        try {
            this.keys = db.treeMap(KEYS, Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
            this.addressIndex = db.treeMap(ADDRESS_INDEX, Serializer.BYTE_ARRAY, Serializer.LONG).createOrOpen();
            this.meta = db.treeMap(META, Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
            checkFormat();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Opens {@code dataDir/wallet.db}, creating the directory and an empty wallet if needed.
     *
     * @throws IllegalStateException when the file is already open (MapDB locks it) or is not a wallet this node reads
     */
    public static WalletStore open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        DB db;
        try {
            db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        } catch (DBException.FileLocked e) {
            throw new IllegalStateException(file + " is already open, in this process or another", e);
        }
        return new WalletStore(db, new SecureRandom());
    }

    /** An empty wallet in memory, with the same transactional store as on disk: for tests. */
    public static WalletStore inMemory() {
        return new WalletStore(DBMaker.memoryDB().transactionEnable().make(), new SecureRandom());
    }

    private void checkFormat() {
        byte[] format = meta.get(META_FORMAT);
        if (format == null) {
            if (!keys.isEmpty()) {
                throw new IllegalStateException("wallet file holds keys but no format version");
            }
            meta.put(META_FORMAT, intBytes(FORMAT_VERSION));
            db.commit();
        } else if (format.length != Integer.BYTES || ByteBuffer.wrap(format).getInt() != FORMAT_VERSION) {
            throw new IllegalStateException("wallet file has another format than version " + FORMAT_VERSION
                    + " that this node reads");
        }
        if (keys.size() != addressIndex.size()) {
            throw new IllegalStateException("wallet file is inconsistent: " + keys.size() + " keys but "
                    + addressIndex.size() + " addresses indexed");
        }
    }

    // ---- Keys and addresses

    /**
     * A new address with a fresh random key, on disk before this returns.
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
        if (addressIndex.containsKey(address.hash160())) {
            return address;
        }
        requireUnlocked();
        return insert(key);
    }

    private Address insert(PrivateKey key) {
        Address address = key.publicKey().address();
        byte[] keyHash = address.hash160();
        long number = keys.isEmpty() ? 0 : keys.lastKey() + 1;
        byte[] secret = key.toBytes();
        try {
            byte[] record = unlockedKey == null
                    ? KeyRecord.plain(keyHash, secret)
                    : KeyRecord.sealed(keyHash, PassphraseCipher.seal(unlockedKey, secret, keyHash, random));
            keys.put(number, record);
            addressIndex.put(keyHash, number);
            db.commit();
            return address;
        } catch (RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Every address, oldest first. */
    public synchronized List<Address> addresses() {
        List<Address> result = new ArrayList<>(keys.size());
        for (Map.Entry<Long, byte[]> entry : keys.entrySet()) {
            result.add(KeyRecord.address(entry.getKey(), entry.getValue()));
        }
        return result;
    }

    public synchronized boolean owns(Address address) {
        return addressIndex.containsKey(address.hash160());
    }

    /** The oldest address: the node's default for mining rewards. */
    public synchronized Optional<Address> firstAddress() {
        Map.Entry<Long, byte[]> first = keys.firstEntry();
        return first == null ? Optional.empty() : Optional.of(KeyRecord.address(first.getKey(), first.getValue()));
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
        Long number = addressIndex.get(address.hash160());
        if (number == null) {
            throw new WalletException(WalletException.Code.UNKNOWN_ADDRESS,
                    "address " + address + " is not in this wallet, so it cannot pay from it");
        }
        byte[] record = keys.get(number);
        if (record == null) {
            throw new IllegalStateException("wallet file is inconsistent: key " + number + " is indexed but missing");
        }
        byte[] secret;
        if (KeyRecord.isSealed(number, record)) {
            requireUnlocked();
            try {
                secret = PassphraseCipher.open(unlockedKey, KeyRecord.payload(record), address.hash160());
            } catch (AEADBadTagException e) {
                throw new IllegalStateException("wallet key " + number + " does not decrypt: the file is damaged");
            }
        } else {
            secret = KeyRecord.payload(record);
        }
        try {
            PrivateKey key = PrivateKey.fromBytes(secret);
            if (!key.publicKey().address().equals(address)) {
                throw new IllegalStateException("wallet key " + number + " does not match its address: the file is damaged");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("wallet key " + number + " is damaged: " + e.getMessage());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
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

    private static Address parse(String role, String text) throws WalletException {
        try {
            return Address.parse(text);
        } catch (AddressFormatException e) {
            throw new WalletException(WalletException.Code.BAD_ADDRESS,
                    "bad '" + role + "' address: " + e.getMessage() + " (" + e.reason() + ")");
        }
    }

    // ---- Passphrase encryption

    public synchronized boolean isEncrypted() {
        return meta.containsKey(META_KDF_SALT);
    }

    /** True while the wallet is encrypted and not unlocked: it can list and check addresses but not sign or add keys. */
    public synchronized boolean isLocked() {
        return isEncrypted() && unlockedKey == null;
    }

    /**
     * Encrypts every secret under {@code passphrase}, in one commit, and leaves the wallet locked.
     * The caller keeps and should clear the passphrase array.
     *
     * <p>MapDB never compacts a transactional file, so the clear secrets written before may linger
     * in its free space: encrypt a wallet before its first key if that matters.
     *
     * @throws WalletException ALREADY_ENCRYPTED or EMPTY_PASSPHRASE
     */
    public synchronized void encrypt(char[] passphrase) throws WalletException {
        encrypt(passphrase, DEFAULT_KDF_ITERATIONS);
    }

    /** {@link #encrypt(char[])} with a chosen work factor; tests use a small one. */
    synchronized void encrypt(char[] passphrase, int iterations) throws WalletException {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration");
        }
        if (isEncrypted()) {
            throw new WalletException(WalletException.Code.ALREADY_ENCRYPTED, "the wallet already has a passphrase");
        }
        if (passphrase == null || passphrase.length == 0) {
            throw new WalletException(WalletException.Code.EMPTY_PASSPHRASE, "the passphrase must not be empty");
        }
        byte[] salt = PassphraseCipher.newSalt(random);
        byte[] aesKey = PassphraseCipher.deriveKey(passphrase, salt, iterations);
        try {
            for (Long number : new ArrayList<>(keys.keySet())) {
                byte[] record = keys.get(number);
                if (!KeyRecord.isSealed(number, record)) {
                    byte[] keyHash = KeyRecord.keyHash(record);
                    byte[] secret = KeyRecord.payload(record);
                    keys.put(number, KeyRecord.sealed(keyHash, PassphraseCipher.seal(aesKey, secret, keyHash, random)));
                    Arrays.fill(secret, (byte) 0);
                    Arrays.fill(record, (byte) 0);
                }
            }
            meta.put(META_KDF_SALT, salt);
            meta.put(META_KDF_ITERATIONS, intBytes(iterations));
            meta.put(META_KDF_CHECK, PassphraseCipher.seal(aesKey, CHECK_PLAINTEXT, CHECK_CONTEXT, random));
            db.commit();
        } catch (RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    /**
     * Unlocks an encrypted wallet until {@link #lock()} or {@link #close()}.
     *
     * @throws WalletException NOT_ENCRYPTED or WRONG_PASSPHRASE
     */
    public synchronized void unlock(char[] passphrase) throws WalletException {
        if (!isEncrypted()) {
            throw new WalletException(WalletException.Code.NOT_ENCRYPTED, "the wallet has no passphrase to unlock");
        }
        Objects.requireNonNull(passphrase, "passphrase");
        byte[] iterations = meta.get(META_KDF_ITERATIONS);
        byte[] aesKey = PassphraseCipher.deriveKey(passphrase, meta.get(META_KDF_SALT), ByteBuffer.wrap(iterations).getInt());
        try {
            byte[] check = PassphraseCipher.open(aesKey, meta.get(META_KDF_CHECK), CHECK_CONTEXT);
            if (!Arrays.equals(check, CHECK_PLAINTEXT)) {
                throw new AEADBadTagException("check value differs");
            }
        } catch (AEADBadTagException e) {
            Arrays.fill(aesKey, (byte) 0);
            throw new WalletException(WalletException.Code.WRONG_PASSPHRASE, "the passphrase does not unlock this wallet");
        }
        lock();
        unlockedKey = aesKey;
    }

    /** Forgets the unlocking key; harmless on a wallet that is not encrypted or already locked. */
    public synchronized void lock() {
        if (unlockedKey != null) {
            Arrays.fill(unlockedKey, (byte) 0);
            unlockedKey = null;
        }
    }

    private void requireUnlocked() throws WalletException {
        if (isLocked()) {
            throw new WalletException(WalletException.Code.LOCKED,
                    "the wallet is encrypted and locked; unlock it with its passphrase first");
        }
    }

    @Override
    public synchronized void close() {
        lock();
        if (!db.isClosed()) {
            db.close();
        }
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }

    /**
     * One key record: a kind byte (clear or sealed), the 20-byte key hash, then the 32-byte secret
     * or the AES-GCM box holding it (sealed with the key hash as context, so boxes cannot be swapped).
     */
    private static final class KeyRecord {

        static final int SECRET_BYTES = 32;
        private static final byte CLEAR = 0;
        private static final byte SEALED = 1;
        private static final int HEADER_BYTES = 1 + Hashes.HASH160_BYTES;
        private static final int CLEAR_BYTES = HEADER_BYTES + SECRET_BYTES;
        private static final int SEALED_BYTES = HEADER_BYTES + PassphraseCipher.sealedBytes(SECRET_BYTES);

        private KeyRecord() {
        }

        static byte[] plain(byte[] keyHash, byte[] secret) {
            return join(CLEAR, keyHash, secret);
        }

        static byte[] sealed(byte[] keyHash, byte[] box) {
            return join(SEALED, keyHash, box);
        }

        private static byte[] join(byte kind, byte[] keyHash, byte[] payload) {
            byte[] record = new byte[HEADER_BYTES + payload.length];
            record[0] = kind;
            System.arraycopy(keyHash, 0, record, 1, Hashes.HASH160_BYTES);
            System.arraycopy(payload, 0, record, HEADER_BYTES, payload.length);
            return record;
        }

        /** Checks the record's shape (never quoting its bytes) and says whether it is sealed. */
        static boolean isSealed(long number, byte[] record) {
            if (record.length == CLEAR_BYTES && record[0] == CLEAR) {
                return false;
            }
            if (record.length == SEALED_BYTES && record[0] == SEALED) {
                return true;
            }
            throw new IllegalStateException("wallet key " + number + " has an unknown layout ("
                    + record.length + " bytes): the file is damaged or from another version");
        }

        static Address address(long number, byte[] record) {
            isSealed(number, record);
            return Address.ofHash160(keyHash(record));
        }

        static byte[] keyHash(byte[] record) {
            return Arrays.copyOfRange(record, 1, HEADER_BYTES);
        }

        /** The clear secret or the sealed box. */
        static byte[] payload(byte[] record) {
            return Arrays.copyOfRange(record, HEADER_BYTES, record.length);
        }
    }
}
