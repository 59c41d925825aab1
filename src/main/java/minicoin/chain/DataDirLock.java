package minicoin.chain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * An exclusive lock on a file in the data directory, held while a store is open, so a second
 * process (or a second store in this one) cannot write the same database. The holder writes its
 * process id into the file, so that the one refused can say which process holds it.
 */
public final class DataDirLock implements AutoCloseable {

    /** A process's command line, as the refusal quotes it, is cut here: one readable line, not a class path. */
    static final int MAX_COMMAND_CHARS = 160;

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code lockFile}, or throws {@link ChainStoreException} naming {@code what} is in use. */
    public static DataDirLock acquire(Path lockFile, String what) {
        try {
            OwnerOnly.createDirectories(lockFile.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    OwnerOnly.fileAttributes(lockFile));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DataDirInUseException(what + " in " + lockFile.toAbsolutePath().getParent()
                        + " is in use by another Minicoin node (" + lockFile.getFileName() + " is locked)"
                        + holder(lockFile).map(process -> ", " + process).orElse("")
                        + "; stop that node or choose another dataDir");
            }
            recordHolder(channel);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new ChainStoreException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** Writes this process's id into the lock file, for {@link #holder} in a process that is refused. */
    private static void recordHolder(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    }

    /**
     * Which process holds {@code lockFile}: "process 1234 (its command line)", from the id the holder
     * wrote there; empty if it wrote none (a node older than this) or the file cannot be read.
     */
    static Optional<String> holder(Path lockFile) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(lockFile, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        if (pid == ProcessHandle.current().pid()) {
            return Optional.of("this very process");
        }
        Optional<String> command = ProcessHandle.of(pid).flatMap(process -> process.info().commandLine())
                .map(line -> line.length() > MAX_COMMAND_CHARS ? line.substring(0, MAX_COMMAND_CHARS) + "..." : line);
        return Optional.of("process " + pid + command.map(line -> " (" + line + ")").orElse(""));
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock anyway; nothing is lost.
        }
    }
}
