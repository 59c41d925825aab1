package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyTest {

    @TempDir
    Path dir;

    @Test
    void createsOnceThenLoadsTheSameKey() throws IOException {
        Path dataDir = dir.resolve("data");
        PrivateKey first = NodeKey.loadOrCreate(dataDir, new SecureRandom());
        PrivateKey second = NodeKey.loadOrCreate(dataDir, new SecureRandom());
        assertEquals(first, second);
        String text = Files.readString(dataDir.resolve(NodeKey.FILE_NAME));
        assertEquals(65, text.length());
        try (var files = Files.list(dataDir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void keyFileIsOwnerOnlyWherePosix() throws IOException {
        NodeKey.loadOrCreate(dir, new SecureRandom());
        Path file = dir.resolve(NodeKey.FILE_NAME);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void malformedFileIsRefusedAndKept() throws IOException {
        Path file = dir.resolve(NodeKey.FILE_NAME);
        Files.writeString(file, "not a key");
        IOException e = assertThrows(IOException.class, () -> NodeKey.loadOrCreate(dir, new SecureRandom()));
        assertTrue(e.getMessage().contains("node.key"), e.getMessage());
        assertEquals("not a key", Files.readString(file));
    }

    @Test
    void outOfRangeSecretIsRefused() throws IOException {
        Path file = dir.resolve(NodeKey.FILE_NAME);
        Files.writeString(file, "00".repeat(32));
        assertThrows(IOException.class, () -> NodeKey.loadOrCreate(dir, new SecureRandom()));
        assertEquals("00".repeat(32), Files.readString(file));
    }

    @Test
    void oversizedFileIsRefusedUnread() throws IOException {
        Path file = dir.resolve(NodeKey.FILE_NAME);
        Files.write(file, new byte[1 << 20]);
        IOException e = assertThrows(IOException.class, () -> NodeKey.loadOrCreate(dir, new SecureRandom()));
        assertTrue(e.getMessage().contains("1048576 bytes"), e.getMessage());
        assertEquals(1 << 20, Files.size(file));
    }

    @Test
    void handWrittenFileWithCrlfLoads() throws IOException {
        PrivateKey key = NodeKey.loadOrCreate(dir, new SecureRandom());
        Path file = dir.resolve(NodeKey.FILE_NAME);
        Files.writeString(file, Files.readString(file).strip() + "\r\n");
        assertEquals(key, NodeKey.loadOrCreate(dir, new SecureRandom()));
    }

    @Test
    void differentDirectoriesGetDifferentKeys() throws IOException {
        assertNotEquals(NodeKey.loadOrCreate(dir.resolve("a"), new SecureRandom()),
                NodeKey.loadOrCreate(dir.resolve("b"), new SecureRandom()));
    }
}
