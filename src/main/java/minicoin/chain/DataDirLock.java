package minicoin.chain;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * An exclusive lock on a file in the data directory, held while a store is open, so a second
 * process (or a second store in this one) cannot write the same database.
 */
public final class DataDirLock implements AutoCloseable {

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
                throw new ChainStoreException(what + " in " + lockFile.toAbsolutePath().getParent()
                        + " is in use by another Minicoin node (" + lockFile.getFileName() + " is locked); "
                        + "stop that node or choose another dataDir");
            }
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new ChainStoreException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
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
