package minicoin.cli;

import java.util.OptionalInt;

/**
 * A request that did not produce a usable result: the node could not be reached or refused the
 * token, it answered with a JSON-RPC error, or its reply made no sense. The message is one line
 * for the user (the client prints it after {@code minicoin: }).
 */
public final class RpcFailure extends Exception {

    /** What went wrong, for callers and tests that need more than the sentence. */
    public enum Kind {
        /** No RPC token: no {@code --token} and no readable cookie file. */
        NO_TOKEN,
        /** Nothing listens at the URL, or the connection could not be made in time. */
        NO_NODE,
        /** Connected, but no answer within the request timeout. */
        TIMEOUT,
        /** The node refused the token (HTTP 401, JSON-RPC code -32001). */
        UNAUTHORIZED,
        /** The node answered with a JSON-RPC error object. */
        RPC_ERROR,
        /** An HTTP error status without a JSON-RPC error in the body. */
        HTTP_STATUS,
        /** A reply that is not the JSON-RPC response expected. */
        BAD_REPLY,
        /** Any other I/O failure on the way. */
        IO
    }

    /** Longest stretch of a reply quoted in a message: enough to recognise it, short enough for one line. */
    static final int MAX_QUOTED_CHARS = 200;

    private final Kind kind;
    private final OptionalInt code;

    public RpcFailure(Kind kind, String message) {
        this(kind, message, OptionalInt.empty());
    }

    public RpcFailure(Kind kind, String message, OptionalInt code) {
        // No stack trace: these are expected outcomes, reported as one line and never printed as a trace.
        super(oneLine(message), null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The JSON-RPC error code, for {@link Kind#RPC_ERROR} and {@link Kind#UNAUTHORIZED}. */
    public OptionalInt code() {
        return code;
    }

    /** Messages from the node or the JDK may span lines; the user gets one. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The text on one line, cut to {@link #MAX_QUOTED_CHARS} with an ellipsis. */
    static String abbreviate(String text) {
        String line = oneLine(text);
        return line.length() <= MAX_QUOTED_CHARS ? line : line.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
