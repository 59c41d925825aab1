package minicoin.chain;

import static minicoin.chain.TestBlocks.GENESIS_KEY;
import static minicoin.chain.TestBlocks.PARAMS;
import static minicoin.chain.TestBlocks.address;
import static minicoin.chain.TestBlocks.child;
import static minicoin.chain.TestBlocks.key;
import static minicoin.chain.TestBlocks.pay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import minicoin.core.Block;
import minicoin.core.RejectCode;
import minicoin.core.Transaction;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MempoolFileTest {

    private static final PrivateKey ALICE = key("alice");
    private static final PrivateKey BOB = key("bob");
    private static final long LIMIT = 1024 * 1024;

    @TempDir
    Path dir;

    private final long[] clock = {TestBlocks.NOW};
    private MemoryChainStore store;
    private final List<MemoryChainStore> others = new java.util.ArrayList<>();
    private Ledger ledger;
    private Block genesis;
    private Transaction toAlice;
    private Transaction aliceToBob;

    @BeforeEach
    void start() throws ValidationException {
        store = TestBlocks.memoryStore();
        ledger = newLedger(store);
        genesis = TestBlocks.genesis();
        ledger.submitBlock(genesis);
        toAlice = pay(genesis.transactions().get(0), 0, GENESIS_KEY, address(ALICE), 500, 1);
        aliceToBob = pay(toAlice, 0, ALICE, address(BOB), 200, 1);
        ledger.submitTransaction(toAlice);
        ledger.submitTransaction(aliceToBob);
    }

    private Ledger newLedger(ChainStore chainStore) {
        SignatureVerifier verifier = SignatureVerifier.withDefaults();
        ChainState chain = new ChainState(PARAMS, chainStore, verifier, () -> clock[0], Optional.empty());
        return new Ledger(chain, new Mempool(PARAMS, MempoolPolicy.DEFAULT, verifier, () -> clock[0]), () -> clock[0]);
    }

    @AfterEach
    void stop() {
        others.forEach(MemoryChainStore::close);
        store.close();
    }

    @Test
    void aSavedPoolComesBackParentsFirstWithItsEntryTimes() throws Exception {
        Path file = dir.resolve(MempoolFile.FILE_NAME);
        MempoolFile.write(file, ledger.mempool().snapshot());
        List<Mempool.Pooled> read = MempoolFile.read(file, LIMIT);
        assertEquals(List.of(toAlice, aliceToBob), read.stream().map(Mempool.Pooled::tx).toList());
        assertEquals(TestBlocks.NOW, read.get(0).time());

        Ledger fresh = freshLedgerOnGenesis();
        clock[0] += 3600;
        Ledger.Restored restored = fresh.restoreMempool(read);
        assertEquals(new Ledger.Restored(2, 0, Map.of()), restored);
        assertEquals(List.of(toAlice.txid(), aliceToBob.txid()), fresh.mempool().txids());
        assertEquals(TestBlocks.NOW, fresh.mempool().snapshot().get(0).time(), "the entry time survives the restart");
    }

    @Test
    void theFileIsOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
        Path file = dir.resolve(MempoolFile.FILE_NAME);
        MempoolFile.write(file, ledger.mempool().snapshot());
        MempoolFile.write(file, ledger.mempool().snapshot());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void expiredAndConflictingTransactionsAreDroppedAndCounted() throws Exception {
        List<Mempool.Pooled> saved = ledger.mempool().snapshot();
        Ledger fresh = freshLedgerOnGenesis();
        // While the node was down a block spent the genesis coin elsewhere: toAlice conflicts, and its child has no input.
        Transaction toBob = pay(genesis.transactions().get(0), 0, GENESIS_KEY, address(BOB), 700, 1);
        fresh.submitBlock(child(genesis, 1, List.of(toBob)));
        Transaction old = pay(toBob, 0, BOB, address(ALICE), 100, 1);
        List<Mempool.Pooled> withOld = new java.util.ArrayList<>(saved);
        withOld.add(new Mempool.Pooled(old, clock[0] - Ledger.MEMPOOL_EXPIRY_SECONDS - 1));

        Ledger.Restored restored = fresh.restoreMempool(withOld);

        assertEquals(0, restored.accepted());
        assertEquals(1, restored.expired());
        assertEquals(2, restored.refusedCount());
        assertEquals(Map.of(RejectCode.MISSING_INPUT, 2), restored.refused(), "refused for their spent coins");
        assertEquals(0, fresh.mempool().size());
    }

    @Test
    void aDamagedFileIsRefusedWhole() throws Exception {
        Path file = dir.resolve(MempoolFile.FILE_NAME);
        MempoolFile.write(file, ledger.mempool().snapshot());
        byte[] bytes = Files.readAllBytes(file);
        bytes[20] ^= 1;
        Files.write(file, bytes);
        MempoolFile.InvalidFileException refused = assertThrows(MempoolFile.InvalidFileException.class,
                () -> MempoolFile.read(file, LIMIT));
        assertTrue(refused.getMessage().contains("checksum"), refused.getMessage());
    }

    @Test
    void aTruncatedOrForeignFileIsRefused() throws Exception {
        Path file = dir.resolve(MempoolFile.FILE_NAME);
        MempoolFile.write(file, ledger.mempool().snapshot());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertThrows(MempoolFile.InvalidFileException.class, () -> MempoolFile.read(file, LIMIT));
        Files.write(file, new byte[0]);
        assertThrows(MempoolFile.InvalidFileException.class, () -> MempoolFile.read(file, LIMIT));
        Files.writeString(file, "SQLite format 3\0 and then some bytes that are not a pool at all, long enough");
        assertThrows(MempoolFile.InvalidFileException.class, () -> MempoolFile.read(file, LIMIT));
    }

    @Test
    void aFileClaimingMoreTransactionsThanItHoldsIsRefusedBeforeAllocating() throws Exception {
        Path file = dir.resolve(MempoolFile.FILE_NAME);
        // A valid checksum over a header that claims 2^32-1 transactions: only the count check stands in the way.
        byte[] body = new minicoin.core.ByteWriter().writeBytes("MCMP".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .writeUInt32(MempoolFile.VERSION).writeCompactSize(0xffff_ffffL).toByteArray();
        Files.write(file, concat(body, minicoin.crypto.Hashes.sha256(body)));
        MempoolFile.InvalidFileException refused = assertThrows(MempoolFile.InvalidFileException.class,
                () -> MempoolFile.read(file, LIMIT));
        assertFalse(refused.getMessage().isEmpty());
    }

    @Test
    void aFileOverTheLimitIsNotRead() throws IOException {
        Path file = dir.resolve(MempoolFile.FILE_NAME);
        Files.write(file, new byte[(int) LIMIT + 1]);
        MempoolFile.InvalidFileException refused = assertThrows(MempoolFile.InvalidFileException.class,
                () -> MempoolFile.read(file, LIMIT));
        assertTrue(refused.getMessage().contains("not read"), refused.getMessage());
    }

    private Ledger freshLedgerOnGenesis() {
        MemoryChainStore other = TestBlocks.memoryStore();
        others.add(other);
        Ledger fresh = newLedger(other);
        fresh.submitBlock(genesis);
        return fresh;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
