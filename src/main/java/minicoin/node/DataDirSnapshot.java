package minicoin.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the data directory held before a start, so that a start that fails leaves nothing new behind:
 * a directory this start created is removed whole; in one that existed, only the entries that were
 * not there before are, and what it held is left as it was. A directory that already held a database
 * is left entirely alone: a new write-ahead log or journal beside it may carry blocks the database
 * needs (those connected again at start), and losing it could lose them.
 */
final class DataDirSnapshot {

    /**
     * The stores' names start so: the chain store's directory {@code chain/} (and an old chain.db,
     * imported or not), wallet.db and its -wal, -shm, -journal files.
     */
    private static final List<String> STORE_PREFIXES = List.of("chain", "wallet.db");

    private final Path dir;
    private final boolean existed;
    private final Set<Path> entries;

    private DataDirSnapshot(Path dir, boolean existed, Set<Path> entries) {
        this.dir = dir;
        this.existed = existed;
        this.entries = entries;
    }

    static DataDirSnapshot take(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return new DataDirSnapshot(dir, Files.exists(dir), Set.of());
        }
        try (Stream<Path> list = Files.list(dir)) {
            return new DataDirSnapshot(dir, true, list.map(Path::getFileName).collect(Collectors.toUnmodifiableSet()));
        }
    }

    /** Whether the directory existed when the snapshot was taken. */
    boolean existed() {
        return existed;
    }

    /**
     * Removes what appeared since the snapshot; call it only once nothing of this process writes there.
     *
     * @return the paths removed (the directory alone if it was new)
     */
    List<Path> removeNew() throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!existed) {
            if (Files.exists(dir)) {
                deleteTree(dir);
                removed.add(dir);
            }
            return removed;
        }
        if (!Files.isDirectory(dir) || heldAStore()) {
            return removed;
        }
        List<Path> fresh;
        try (Stream<Path> list = Files.list(dir)) {
            fresh = list.filter(path -> !entries.contains(path.getFileName())).toList();
        }
        for (Path path : fresh) {
            deleteTree(path);
            removed.add(path);
        }
        return removed;
    }

    private boolean heldAStore() {
        return entries.stream().map(Path::toString).anyMatch(name -> STORE_PREFIXES.stream().anyMatch(name::startsWith));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(root);
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
