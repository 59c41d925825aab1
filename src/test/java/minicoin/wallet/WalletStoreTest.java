package minicoin.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsCreationOrderAndSecretsAcrossReopen() throws Exception {
        List<Address> created = new ArrayList<>();
        List<byte[]> secrets = new ArrayList<>();
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            for (int i = 0; i < 12; i++) {
                Address address = wallet.createAddress();
                created.add(address);
                secrets.add(wallet.privateKey(address).toBytes());
            }
            assertEquals(created, wallet.addresses());
        }
        assertTrue(Files.exists(dataDir.resolve(WalletStore.FILE_NAME)));
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            assertEquals(created, reopened.addresses());
            assertEquals(Optional.of(created.get(0)), reopened.firstAddress());
            for (int i = 0; i < created.size(); i++) {
                PrivateKey key = reopened.privateKey(created.get(i));
                assertArrayEquals(secrets.get(i), key.toBytes());
                assertEquals(created.get(i), key.publicKey().address());
            }
            Address later = reopened.createAddress();
            assertEquals(later, reopened.addresses().get(created.size()), "new keys go after the old ones");
        }
    }

    @Test
    void createsTheDataDirectoryWhenMissing() throws Exception {
        Path nested = dataDir.resolve("a/b");
        try (WalletStore wallet = WalletStore.open(nested)) {
            wallet.createAddress();
        }
        assertTrue(Files.exists(nested.resolve(WalletStore.FILE_NAME)));
    }

    @Test
    void secondOpenOfTheSameFileFailsClearly() throws Exception {
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> WalletStore.open(dataDir));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertTrue(e.getMessage().contains(WalletStore.LOCK_FILE_NAME + " is locked"), e.getMessage());
            wallet.createAddress();
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            assertEquals(1, reopened.addresses().size(), "closing the first store released the lock");
        }
    }

    @Test
    void aNewerSchemaVersionIsRefusedAndLeftAsItIs() throws Exception {
        Address address;
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            address = wallet.createAddress();
        }
        Path file = dataDir.resolve(WalletStore.FILE_NAME);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE meta SET value = CAST('3' AS BLOB) WHERE key = 'schema'");
        }
        byte[] before = Files.readAllBytes(file);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WalletStore.open(dataDir));
        assertTrue(e.getMessage().contains("schema version 3; this node reads version 2"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE meta SET value = CAST('2' AS BLOB) WHERE key = 'schema'");
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            assertEquals(List.of(address), reopened.addresses(), "a refused open released the lock and kept the keys");
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndLeftAsItIs() throws Exception {
        Path file = dataDir.resolve(WalletStore.FILE_NAME);
        byte[] notSqlite = new byte[8192];
        Arrays.fill(notSqlite, (byte) 0x5a);
        Files.write(file, notSqlite);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WalletStore.open(dataDir));
        assertTrue(e.getMessage().contains("is not a SQLite database"), e.getMessage());
        assertArrayEquals(notSqlite, Files.readAllBytes(file));
    }

    @Test
    void addressesAreDistinctRandomKeys() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            for (int i = 0; i < 20; i++) {
                wallet.createAddress();
            }
            assertEquals(20, new HashSet<>(wallet.addresses()).size());
        }
    }

    @Test
    void ownsOnlyItsAddressesAndFirstAddressIsTheOldest() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            assertEquals(Optional.empty(), wallet.firstAddress());
            assertEquals(List.of(), wallet.addresses());
            Address first = wallet.createAddress();
            Address second = wallet.createAddress();
            assertEquals(Optional.of(first), wallet.firstAddress());
            assertTrue(wallet.owns(first));
            assertTrue(wallet.owns(second));
            assertFalse(wallet.owns(WalletFixtures.address("stranger")));
        }
    }

    @Test
    void exportsOneAddressPerLineOldestFirst() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            assertEquals("", wallet.exportAddresses());
            Address first = wallet.createAddress();
            Address second = wallet.createAddress();
            assertEquals(first + "\n" + second + "\n", wallet.exportAddresses());
        }
    }

    @Test
    void importKeyIsIdempotentAndSurvivesReopen() throws Exception {
        PrivateKey genesisKey = WalletFixtures.key("genesis");
        Address own;
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            own = wallet.createAddress();
            assertEquals(genesisKey.publicKey().address(), wallet.importKey(genesisKey));
            assertEquals(genesisKey.publicKey().address(), wallet.importKey(genesisKey));
            assertEquals(List.of(own, genesisKey.publicKey().address()), wallet.addresses());
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            assertEquals(List.of(own, genesisKey.publicKey().address()), reopened.addresses());
            assertEquals(genesisKey, reopened.privateKey(genesisKey.publicKey().address()));
            assertEquals(genesisKey.publicKey().address(), reopened.importKey(genesisKey));
            assertEquals(2, reopened.addresses().size());
        }
    }

    @Test
    void privateKeyOfAForeignAddressIsRefused() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            WalletException e = assertThrows(WalletException.class,
                    () -> wallet.privateKey(WalletFixtures.address("stranger")));
            assertEquals(WalletException.Code.UNKNOWN_ADDRESS, e.code());
        }
    }

    @Test
    void closeIsIdempotent() throws Exception {
        WalletStore wallet = WalletStore.open(dataDir);
        wallet.close();
        wallet.close();
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            assertEquals(List.of(), reopened.addresses());
        }
    }
}
