package minicoin.chain;

/** Another process (or another store of this one) holds the lock of a database in the data directory. */
public final class DataDirInUseException extends ChainStoreException {

    public DataDirInUseException(String message) {
        super(message);
    }
}
