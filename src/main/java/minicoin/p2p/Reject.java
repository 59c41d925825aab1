package minicoin.p2p;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;

/**
 * Tells a peer why we refused one of its messages, before a disconnect or instead of silence.
 *
 * @param rejectedType the type of the message refused
 * @param code         a short machine code, upper-case ASCII letters, digits and underscores
 *                     (a {@code RejectCode} name, or a wire code such as {@code WRONG_GENESIS})
 * @param reason       a sentence for the log, UTF-8
 */
public record Reject(MessageType rejectedType, String code, String reason) implements Message {

    /** Room for every {@code RejectCode} name. */
    public static final int MAX_CODE_BYTES = 32;
    /** One log line; a peer cannot make us store an essay. */
    public static final int MAX_REASON_BYTES = 256;
    public static final int MAX_PAYLOAD_BYTES = 1 + Payloads.COUNT_BYTES_BELOW_0XFD + MAX_CODE_BYTES
            + Payloads.COUNT_BYTES_UP_TO_0XFFFF + MAX_REASON_BYTES;

    public Reject {
        Objects.requireNonNull(rejectedType, "rejectedType");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        if (code.isEmpty() || code.length() > MAX_CODE_BYTES || !code.chars().allMatch(Reject::isCodeChar)) {
            throw new IllegalArgumentException("a reject code is 1.." + MAX_CODE_BYTES
                    + " characters of A-Z, 0-9 and _: '" + code + "'");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(reason)) {
            throw new IllegalArgumentException("reason is not valid Unicode");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("reason longer than " + MAX_REASON_BYTES + " UTF-8 bytes");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.REJECT;
    }

    @Override
    public void write(ByteWriter writer) {
        byte[] codeBytes = code.getBytes(StandardCharsets.US_ASCII);
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        writer.writeByte(rejectedType.code())
                .writeCompactSize(codeBytes.length)
                .writeBytes(codeBytes)
                .writeCompactSize(reasonBytes.length)
                .writeBytes(reasonBytes);
    }

    public static Reject decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.REJECT);
        int typeCode = reader.readByte("reject message type");
        MessageType type = MessageType.fromCode(typeCode)
                .orElseThrow(() -> new CodecException("reject names unknown message type " + typeCode));
        int codeLength = (int) reader.readCompactSize(MAX_CODE_BYTES, "reject code length");
        byte[] codeBytes = reader.readBytes(codeLength, "reject code");
        int reasonLength = (int) reader.readCompactSize(MAX_REASON_BYTES, "reject reason length");
        byte[] reasonBytes = reader.readBytes(reasonLength, "reject reason");
        reader.requireEnd("reject");
        if (codeLength == 0) {
            throw new CodecException("reject code is empty");
        }
        for (byte b : codeBytes) {
            if (!isCodeChar(b)) {
                throw new CodecException("reject code holds byte " + (b & 0xff));
            }
        }
        String reason;
        try {
            reason = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(reasonBytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CodecException("reject reason is not valid UTF-8");
        }
        return new Reject(type, new String(codeBytes, StandardCharsets.US_ASCII), reason);
    }

    private static boolean isCodeChar(int c) {
        return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
