package minicoin.core;

/**
 * Bytes that are not the one canonical encoding of the value expected: truncated, with trailing
 * bytes, a non-canonical varint, or a count or length beyond what follows or what the caps allow.
 */
public final class CodecException extends Exception {

    public CodecException(String message) {
        super(message);
    }
}
