package minicoin.wallet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.CodecException;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;

/**
 * The {@code transactions} table of wallet.db: the wallet's own transactions and those paying it,
 * with what became of them ({@link WalletTx.Status}). Plain SQL on the store's connection; the
 * {@link WalletStore} holds the lock and the commits.
 */
final class TxRecords {

    static final String CREATE_TABLE = "CREATE TABLE transactions (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " txid BLOB NOT NULL UNIQUE, raw BLOB NOT NULL, status INTEGER NOT NULL, mine INTEGER NOT NULL,"
            + " created INTEGER NOT NULL, block_hash BLOB, height INTEGER, note TEXT)";
    static final String CREATE_INDEX = "CREATE INDEX transactions_by_status ON transactions (status)";
    /** The last block the wallet has seen connect: where a restarted wallet catches up from. */
    static final String META_LAST_BLOCK = "tx.lastBlock";
    /** A refusal reason is kept to this many characters: it is shown to the user, not parsed. */
    private static final int MAX_NOTE_CHARS = 500;

    /** The note of a record that left the chain itself: nothing names the rival spend, so the note says why. */
    static final String LEFT_NOTE = "it left the chain in a reorganisation: an input it spends is gone or spent otherwise";
    /** The note of a record spending, directly or through others, a transaction that left the chain. */
    static final String INPUT_LEFT_NOTE = "an input's transaction left the chain in a reorganisation";
    /** The note of a record released because the transaction it spends came back. */
    static final String INPUT_BACK_NOTE = "an input's transaction that had left the chain is back";

    private static final WalletTx.Status[] STATUSES = WalletTx.Status.values();
    private static final String COLUMNS = "raw, status, mine, created, block_hash, height, note, fee";

    private final Connection connection;

    TxRecords(Connection connection) {
        this.connection = connection;
    }

    static void createTables(Statement statement) throws SQLException {
        statement.execute(CREATE_TABLE);
        statement.execute(CREATE_INDEX);
    }

    /**
     * The fee of a payment the wallet made, nullable: added to schema 2 in place (a column older
     * nodes ignore, as they name the columns they read), so the version stays 2.
     */
    static void addFeeColumn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet columns = statement.executeQuery("PRAGMA table_info(transactions)")) {
            while (columns.next()) {
                if (columns.getString("name").equals("fee")) {
                    return;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE transactions ADD COLUMN fee INTEGER");
        }
    }

    void setFee(Hash txid, long fee) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE transactions SET fee = ? WHERE txid = ?")) {
            update.setLong(1, fee);
            update.setBytes(2, txid.toArray());
            update.executeUpdate();
        }
    }

    /** The {@code limit} most recently recorded, newest first. */
    List<WalletTx> recent(int limit) throws SQLException {
        List<WalletTx> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM transactions ORDER BY seq DESC LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(record(rows));
                }
            }
        }
        return found;
    }

    /** Records {@code tx} as PENDING unless already recorded; true when it is new. */
    boolean insert(Transaction tx, boolean mine, long now) throws SQLException {
        return insert(tx, WalletTx.Status.PENDING, mine, now, null, -1);
    }

    private boolean insert(Transaction tx, WalletTx.Status status, boolean mine, long now, Hash blockHash, long height)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO transactions"
                + " (txid, raw, status, mine, created, block_hash, height) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setBytes(1, tx.txid().toArray());
            insert.setBytes(2, tx.encode());
            insert.setInt(3, status.ordinal());
            insert.setInt(4, mine ? 1 : 0);
            insert.setLong(5, now);
            if (blockHash == null) {
                insert.setNull(6, Types.BLOB);
                insert.setNull(7, Types.INTEGER);
            } else {
                insert.setBytes(6, blockHash.toArray());
                insert.setLong(7, height);
            }
            return insert.executeUpdate() == 1;
        }
    }

    Optional<WalletTx> get(Hash txid) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM transactions WHERE txid = ?")) {
            select.setBytes(1, txid.toArray());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(record(rows)) : Optional.empty();
            }
        }
    }

    /** Records of one status, oldest first: parents were recorded before their children. */
    List<WalletTx> withStatus(WalletTx.Status status) throws SQLException {
        List<WalletTx> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM transactions WHERE status = ? ORDER BY seq")) {
            select.setInt(1, status.ordinal());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(record(rows));
                }
            }
        }
        return found;
    }

    /** Sets the status of a record that has {@code from}; a refusal note is kept beside it, unless a block confirms it. */
    boolean setStatus(Hash txid, WalletTx.Status from, WalletTx.Status to, Hash blockHash, long height, String note)
            throws SQLException {
        // A refusal's note explains a record still waiting; once a block confirms it, the note is stale.
        String noteUpdate = to == WalletTx.Status.CONFIRMED ? "?" : "COALESCE(?, note)";
        try (PreparedStatement update = connection.prepareStatement("UPDATE transactions SET status = ?, block_hash = ?,"
                + " height = ?, note = " + noteUpdate + " WHERE txid = ? AND status = ?")) {
            update.setInt(1, to.ordinal());
            if (blockHash == null) {
                update.setNull(2, Types.BLOB);
                update.setNull(3, Types.INTEGER);
            } else {
                update.setBytes(2, blockHash.toArray());
                update.setLong(3, height);
            }
            update.setString(4, note == null ? null : clip(note));
            update.setBytes(5, txid.toArray());
            update.setInt(6, from.ordinal());
            return update.executeUpdate() == 1;
        }
    }

    /** Keeps why the chain last refused a pending record (it stays pending: the refusal may pass). */
    void note(Hash txid, String note) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE transactions SET note = ? WHERE txid = ?")) {
            update.setString(1, clip(note));
            update.setBytes(2, txid.toArray());
            update.executeUpdate();
        }
    }

    /**
     * A mempool transaction the wallet heard of: a record it had as confirmed or conflicted is
     * pending again (a reorg brought it back); an unknown one paying {@code owned} is recorded.
     */
    void seenInMempool(Transaction tx, Set<Bytes> owned, long now) throws SQLException {
        Optional<WalletTx> known = get(tx.txid());
        if (known.isPresent()) {
            WalletTx.Status status = known.get().status();
            if (status == WalletTx.Status.CONFIRMED || status == WalletTx.Status.CONFLICTED) {
                setStatus(tx.txid(), status, WalletTx.Status.PENDING, null, -1, null);
            }
            if (status == WalletTx.Status.CONFLICTED) {
                releaseSpendersOf(Set.of(tx.txid()));
            }
            return;
        }
        if (pays(tx, owned)) {
            insert(tx, false, now);
        }
    }

    /**
     * A block joined the main chain at {@code height}: records confirmed or conflicted at this
     * height or above by another block go back to pending (a reorg took that block away); the
     * block's recorded transactions, and those paying {@code owned} (the wallet's own rewards too),
     * are confirmed; pending ones spending a coin the block spends otherwise, and their pending
     * descendants, are conflicted. So is a reward of the wallet at this height from another block,
     * with the payments spending it: a rival block took its height, so its coin is gone (with
     * coinbases spendable at once on devnet, a payment can spend a reward that a fork race then undoes).
     */
    void blockConnected(Block block, long height, Set<Bytes> owned, long now) throws SQLException {
        Hash hash = block.hash();
        try (PreparedStatement reorged = connection.prepareStatement("UPDATE transactions SET status = ?, block_hash = NULL,"
                + " height = NULL WHERE status IN (?, ?) AND height >= ? AND block_hash != ?")) {
            reorged.setInt(1, WalletTx.Status.PENDING.ordinal());
            reorged.setInt(2, WalletTx.Status.CONFIRMED.ordinal());
            reorged.setInt(3, WalletTx.Status.CONFLICTED.ordinal());
            reorged.setLong(4, height);
            reorged.setBytes(5, hash.toArray());
            reorged.executeUpdate();
        }
        Map<OutPoint, Hash> spentByBlock = new HashMap<>();
        Set<Hash> returned = new HashSet<>();
        for (Transaction tx : block.transactions()) {
            if (!tx.isCoinbase()) {
                for (TxIn input : tx.inputs()) {
                    spentByBlock.put(input.prevOut(), tx.txid());
                }
            }
            boolean known = get(tx.txid()).isPresent();
            if (known) {
                for (WalletTx.Status from : List.of(WalletTx.Status.PENDING, WalletTx.Status.REFUSED,
                        WalletTx.Status.CONFLICTED)) {
                    if (setStatus(tx.txid(), from, WalletTx.Status.CONFIRMED, hash, height, null)
                            && from == WalletTx.Status.CONFLICTED) {
                        returned.add(tx.txid());
                    }
                }
            } else if (pays(tx, owned)) {
                insert(tx, WalletTx.Status.CONFIRMED, false, now, hash, height);
            }
        }
        if (!returned.isEmpty()) {
            releaseSpendersOf(returned);
        }
        Hash coinbase = block.transactions().get(0).txid();
        Set<Hash> conflicted = new HashSet<>();
        boolean grew = true;
        List<WalletTx> pending = withStatus(WalletTx.Status.PENDING);
        while (grew) {
            grew = false;
            for (WalletTx record : pending) {
                if (conflicted.contains(record.txid())) {
                    continue;
                }
                if (record.tx().isCoinbase()) {
                    if (record.tx().coinbaseHeight().orElse(-1) == height && !record.txid().equals(coinbase)) {
                        conflicted.add(record.txid());
                        grew = true;
                    }
                    continue;
                }
                for (TxIn input : record.tx().inputs()) {
                    Hash spender = spentByBlock.get(input.prevOut());
                    boolean displaced = spender != null && !spender.equals(record.txid());
                    if (displaced || conflicted.contains(input.prevOut().txid())) {
                        conflicted.add(record.txid());
                        grew = true;
                        break;
                    }
                }
            }
        }
        for (Hash txid : conflicted) {
            setStatus(txid, WalletTx.Status.PENDING, WalletTx.Status.CONFLICTED, hash, height, null);
        }
    }

    /**
     * The chain says these transactions left it in a reorganisation (those of the disconnected
     * blocks that neither the new branch nor the mempool holds again, and pool transactions dropped
     * because an input is gone): pending records among them, and pending records spending an output
     * of one or of a record conflicted here, are conflicted. This catches what
     * {@link #blockConnected} cannot: a double spend of a coin the wallet never held, upstream of a
     * payment it received. They are conflicted without a block, which no block of the main chain
     * names; the reorg reset of {@link #blockConnected} (by height) therefore leaves them, since a
     * later branch still lacking the transaction would not report it again. A record that returns
     * (in a block, or the mempool) is taken back by the usual rules, and its spenders with it
     * ({@link #releaseSpendersOf}).
     */
    void transactionsLeft(Set<Hash> left) throws SQLException {
        Map<Hash, String> conflicted = new LinkedHashMap<>();
        List<WalletTx> pending = withStatus(WalletTx.Status.PENDING);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (WalletTx record : pending) {
                if (conflicted.containsKey(record.txid())) {
                    continue;
                }
                if (left.contains(record.txid())) {
                    conflicted.put(record.txid(), LEFT_NOTE);
                    grew = true;
                    continue;
                }
                for (TxIn input : record.tx().inputs()) {
                    Hash parent = input.prevOut().txid();
                    if (left.contains(parent) || conflicted.containsKey(parent)) {
                        conflicted.put(record.txid(), INPUT_LEFT_NOTE);
                        grew = true;
                        break;
                    }
                }
            }
        }
        for (Map.Entry<Hash, String> record : conflicted.entrySet()) {
            setStatus(record.getKey(), WalletTx.Status.PENDING, WalletTx.Status.CONFLICTED, null, -1, record.getValue());
        }
    }

    /**
     * Records {@code back} (confirmed or pooled again after being conflicted) make spendable again:
     * those conflicted by {@link #transactionsLeft} (no block named) that spend an output of one go
     * back to pending, and theirs after them, unless another input's transaction is still a
     * conflicted record. A conflict a block names is left to the reorg reset of {@link #blockConnected}.
     */
    private void releaseSpendersOf(Set<Hash> back) throws SQLException {
        List<WalletTx> conflicted = withStatus(WalletTx.Status.CONFLICTED);
        Set<Hash> stillConflicted = new HashSet<>();
        conflicted.forEach(record -> stillConflicted.add(record.txid()));
        Set<Hash> released = new HashSet<>(back);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (WalletTx record : conflicted) {
                if (record.blockHash().isPresent() || !stillConflicted.contains(record.txid())) {
                    continue;
                }
                boolean spendsReleased = false;
                boolean spendsConflicted = false;
                for (TxIn input : record.tx().inputs()) {
                    Hash parent = input.prevOut().txid();
                    spendsReleased |= released.contains(parent);
                    spendsConflicted |= stillConflicted.contains(parent);
                }
                if (spendsReleased && !spendsConflicted) {
                    setStatus(record.txid(), WalletTx.Status.CONFLICTED, WalletTx.Status.PENDING, null, -1, INPUT_BACK_NOTE);
                    stillConflicted.remove(record.txid());
                    released.add(record.txid());
                    grew = true;
                }
            }
        }
    }

    private static boolean pays(Transaction tx, Set<Bytes> owned) {
        for (TxOut output : tx.outputs()) {
            if (owned.contains(Bytes.of(output.address().hash160()))) {
                return true;
            }
        }
        return false;
    }

    private static WalletTx record(ResultSet rows) throws SQLException {
        Transaction tx;
        try {
            tx = Transaction.decode(rows.getBytes(1));
        } catch (CodecException e) {
            throw new IllegalStateException(WalletStore.FILE_NAME + ": a recorded transaction does not decode ("
                    + e.getMessage() + "): the file is damaged", e);
        }
        int status = rows.getInt(2);
        if (status < 0 || status >= STATUSES.length) {
            throw new IllegalStateException(WalletStore.FILE_NAME + ": transaction " + tx.txid() + " has unknown status "
                    + status + ": the file is damaged or from a newer Minicoin");
        }
        byte[] block = rows.getBytes(5);
        long height = rows.getLong(6);
        OptionalLong knownHeight = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(height);
        long fee = rows.getLong(8);
        OptionalLong knownFee = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(fee);
        return new WalletTx(tx, STATUSES[status], rows.getInt(3) == 1, rows.getLong(4),
                block == null ? Optional.empty() : Optional.of(Hash.of(block)), knownHeight,
                Optional.ofNullable(rows.getString(7)), knownFee);
    }

    private static String clip(String note) {
        return note.length() <= MAX_NOTE_CHARS ? note : note.substring(0, MAX_NOTE_CHARS);
    }
}
