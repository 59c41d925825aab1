package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {

    @TempDir
    Path dir;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void tightenTakesEveryPermissionOfGroupAndOthersAway() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sub = Files.createDirectory(data.resolve("chain"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path wallet = Files.writeString(data.resolve("wallet.db"), "keys");
        Files.setPosixFilePermissions(wallet, PosixFilePermissions.fromString("rw-r--r--"));
        Path block = Files.writeString(sub.resolve("blk0.dat"), "blocks");
        Files.setPosixFilePermissions(block, PosixFilePermissions.fromString("r--rw-r--"));
        Path already = Files.writeString(data.resolve("node.key"), "key");
        Files.setPosixFilePermissions(already, PosixFilePermissions.fromString("rw-------"));

        List<String> changes = OwnerOnly.tighten(data);

        assertEquals("rwx------", mode(data));
        assertEquals("rwx------", mode(sub));
        assertEquals("rw-------", mode(wallet));
        assertEquals("r--------", mode(block), "the owner's own bits stay as they were");
        assertEquals("rw-------", mode(already));
        assertEquals(4, changes.size(), changes::toString);
        assertTrue(changes.contains("wallet.db 644 -> 600"), changes::toString);
        assertTrue(changes.contains(data + " 755 -> 700"), changes::toString);
        assertEquals(List.of(), OwnerOnly.tighten(data), "a second pass changes nothing");
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws Exception {
        Path outside = Files.writeString(dir.resolve("shared.txt"), "not ours");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.createSymbolicLink(data.resolve("link"), outside);
        OwnerOnly.tighten(data);
        assertEquals("rw-r--r--", mode(outside));
    }

    @Test
    void newFilesAndDirectoriesAreOwnerOnlyFromTheStart() throws Exception {
        Path nested = dir.resolve("a/b");
        OwnerOnly.createDirectories(nested);
        assertEquals("rwx------", mode(dir.resolve("a")));
        assertEquals("rwx------", mode(nested));
        Path file = nested.resolve("chain.db");
        OwnerOnly.createFileIfMissing(file);
        assertEquals("rw-------", mode(file));
        Files.writeString(file, "data");
        OwnerOnly.createFileIfMissing(file);
        assertEquals("data", Files.readString(file), "an existing file is left as it is");
    }

    @Test
    void modesPrintInOctal() {
        assertEquals("644", OwnerOnly.octal(PosixFilePermissions.fromString("rw-r--r--")));
        assertEquals("700", OwnerOnly.octal(PosixFilePermissions.fromString("rwx------")));
        assertEquals("0", OwnerOnly.octal(PosixFilePermissions.fromString("---------")));
    }
}
