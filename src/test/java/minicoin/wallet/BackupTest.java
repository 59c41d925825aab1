package minicoin.wallet;

import static minicoin.wallet.WalletFixtures.TEST_KDF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import minicoin.chain.OwnerOnly;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backupwallet's copy: consistent while the wallet is in use, owner-only, never over another file. */
class BackupTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void theCopyIsOwnerOnlyAndOpensAsAWalletWithTheSameKeys() throws Exception {
        Path backups = Files.createDirectory(dir.resolve("backups"));
        Path copy = backups.resolve("copy.db");
        List<Address> addresses = new ArrayList<>();
        List<byte[]> secrets = new ArrayList<>();
        try (WalletStore wallet = WalletStore.open(dir.resolve("data"))) {
            for (int i = 0; i < 20; i++) {
                addresses.add(wallet.createAddress());
                secrets.add(wallet.privateKey(addresses.get(i)).toBytes());
            }
            wallet.backup(copy);
            // The wallet goes on as before, and later keys are not in the copy.
            wallet.createAddress();
        }
        if (OwnerOnly.supported(copy)) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(copy));
        }
        Path restored = Files.createDirectory(dir.resolve("restored"));
        Files.move(copy, restored.resolve(WalletStore.FILE_NAME));
        try (WalletStore wallet = WalletStore.open(restored)) {
            assertEquals(addresses, wallet.addresses());
            for (int i = 0; i < addresses.size(); i++) {
                assertArrayEquals(secrets.get(i), wallet.privateKey(addresses.get(i)).toBytes());
            }
        }
    }

    @Test
    void theCopyOfAnEncryptedWalletIsEncryptedUnderTheSamePassphrase() throws Exception {
        Path restored = Files.createDirectory(dir.resolve("restored"));
        Address alice;
        byte[] secret;
        try (WalletStore wallet = WalletStore.open(dir.resolve("data"))) {
            alice = wallet.createAddress();
            secret = wallet.privateKey(alice).toBytes();
            wallet.encrypt(PASSPHRASE, TEST_KDF);
            wallet.unlock(PASSPHRASE);
            wallet.backup(restored.resolve(WalletStore.FILE_NAME));
        }
        assertEquals(-1, indexOf(Files.readAllBytes(restored.resolve(WalletStore.FILE_NAME)), secret),
                "the copy holds no clear secret");
        try (WalletStore wallet = WalletStore.open(restored)) {
            assertTrue(wallet.isLocked());
            wallet.unlock(PASSPHRASE);
            assertArrayEquals(secret, wallet.privateKey(alice).toBytes());
        }
    }

    @Test
    void backupsTakenWhileKeysAreAddedAreEachConsistent() throws Exception {
        List<Path> copies = new ArrayList<>();
        List<Address> all;
        try (WalletStore wallet = WalletStore.open(dir.resolve("data"))) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        wallet.createAddress();
                    } catch (WalletException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "wallet-writer");
            writer.start();
            try {
                for (int i = 0; i < 5; i++) {
                    Path copy = Files.createDirectory(dir.resolve("copy-" + i)).resolve(WalletStore.FILE_NAME);
                    wallet.backup(copy);
                    copies.add(copy);
                    Thread.sleep(20);
                }
            } finally {
                stop.set(true);
                writer.join();
            }
            all = wallet.addresses();
        }
        for (Path copy : copies) {
            assertIntegrityOk(copy);
            try (WalletStore wallet = WalletStore.open(copy.getParent())) {
                List<Address> addresses = wallet.addresses();
                assertEquals(all.subList(0, addresses.size()), addresses, "each copy is the wallet at one moment");
                for (Address address : addresses) {
                    assertEquals(address, wallet.privateKey(address).publicKey().address());
                }
            }
        }
    }

    @Test
    void aSymbolicLinkInThePlaceOfTheCopyIsNotFollowed() throws Exception {
        Path elsewhere = dir.resolve("elsewhere.db");
        Path link = Files.createSymbolicLink(dir.resolve("link.db"), elsewhere);
        try (WalletStore wallet = WalletStore.open(dir.resolve("data"))) {
            wallet.createAddress();
            WalletException e = assertThrows(WalletException.class, () -> wallet.backup(link));
            assertEquals(WalletException.Code.BACKUP_FAILED, e.code());
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        }
        assertFalse(Files.exists(elsewhere), "nothing was written where the link points");
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aDirectoryOthersMayWriteToIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        if (!OwnerOnly.supported(open)) {
            return;
        }
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (WalletStore wallet = WalletStore.open(dir.resolve("data"))) {
            WalletException e = assertThrows(WalletException.class, () -> wallet.backup(open.resolve("copy.db")));
            assertEquals(WalletException.Code.BACKUP_FAILED, e.code());
            assertEquals("Error: Wallet backup failed! others may write to " + open + " (mode 777) and could swap the"
                    + " backup for a file of theirs; choose a directory only you can write to", e.getMessage());
        }
        assertFalse(Files.exists(open.resolve("copy.db"), LinkOption.NOFOLLOW_LINKS));
    }

    private static void assertIntegrityOk(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rows.next());
            assertEquals("ok", rows.getString(1));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
