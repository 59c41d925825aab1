package minicoin.node;

/**
 * Every exit code of the node's JVM, in one place; the README's <i>Exit codes</i> lists them. A
 * supervisor can tell a failure worth retrying (a port in use, another node on the data directory,
 * out of memory) from one that needs a person (a bad configuration).
 */
public enum ExitCode {

    /** Stopped normally (SIGTERM, Ctrl-C, RPC {@code stop}), or {@code --help}. */
    OK(0, "stopped normally, or --help"),
    /** A bug: an exception nobody expected, reported with its stack trace. Vert.x's launcher uses 1 too. */
    SOFTWARE(1, "an unexpected error (reported with its stack trace)"),
    /** Bad command line or configuration: fix it and start again. Vert.x's launcher uses 2 for usage too. */
    CONFIG(2, "bad command line or configuration file"),
    /** Set by the JVM itself under {@code -XX:+ExitOnOutOfMemoryError}, which the scripts pass. */
    OUT_OF_MEMORY(3, "out of memory (with -XX:+ExitOnOutOfMemoryError, as scripts/node runs it)"),
    /** A port of the configuration (p2p, discovery, rpc, cluster) is taken, or its host is not this machine's. */
    PORT_UNAVAILABLE(4, "a port is in use, or a host is not an address of this machine"),
    /** Another process holds the data directory, or another cluster member runs this node's chain or wallet. */
    IN_USE(5, "the dataDir, or the chain or wallet role, is held by another process"),
    /** Any other start-up failure: the sentence says what; an unknown cause comes with its stack trace. */
    START_FAILED(6, "the node could not start for another reason (the sentence says which)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
