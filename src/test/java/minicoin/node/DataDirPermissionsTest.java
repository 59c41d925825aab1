package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file a running node writes is its owner's alone, and a data directory made readable before is tightened. */
class DataDirPermissionsTest {

    @TempDir
    Path dir;

    @Test
    void aRunningNodesDataIsOwnerOnlyEvenWhereItWasReadableBefore() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path stray = Files.writeString(data.resolve("notes.txt"), "left by an older node");
        Files.setPosixFilePermissions(stray, PosixFilePermissions.fromString("rw-r--r--"));

        try (LocalNode node = LocalNode.start("perms", data, "regtest", new JsonObject())) {
            node.rpc("creategenesis");
            List<String> open = new ArrayList<>();
            try (Stream<Path> paths = Files.walk(data)) {
                for (Path path : paths.toList()) {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                    if (!mode.endsWith("------")) {
                        open.add(data.relativize(path) + " " + mode);
                    }
                }
            }
            assertEquals(List.of(), open, "readable by others");
            for (String name : List.of("chain/MANIFEST", "chain/journal-00000.log", "chain/blocks-00000.dat", "wallet.db",
                    "node.key")) {
                assertTrue(Files.exists(data.resolve(name)), name + " was not written, so not checked");
            }
        }
    }
}
