package minicoin.wallet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * How a passphrase is stretched into the wallet's 256-bit AES key, stored beside the salt in the
 * wallet's {@code meta} table so a wallet always opens with the function that sealed it.
 * docs/wallet.md says why scrypt and these parameters.
 */
sealed interface KeyDerivation {

    /** scrypt (RFC 7914) for every passphrase set now: memory-hard, so a stolen wallet.db is costly to guess at. */
    KeyDerivation DEFAULT = new Scrypt(Scrypt.DEFAULT_N, Scrypt.DEFAULT_R, Scrypt.DEFAULT_P);

    /** The AES key for {@code passphrase}; the caller zeroes it when done. */
    byte[] deriveKey(char[] passphrase, byte[] salt);

    /**
     * scrypt over the passphrase's UTF-8 bytes (no Unicode normalisation: the same characters must be typed).
     *
     * @param n the CPU and memory cost, a power of two; memory is 128 × n × r bytes
     * @param r the block size
     * @param p the parallelism, run one lane after another here
     */
    record Scrypt(int n, int r, int p) implements KeyDerivation {
        /** 2^16 × 128 × 8 = 64 MiB per derivation, about 0.2 s on the project's 2-core machine (docs/benchmarks.md). */
        static final int DEFAULT_N = 1 << 16;
        static final int DEFAULT_R = 8;
        static final int DEFAULT_P = 1;
        /**
         * A wallet asking for more memory than this is refused rather than obeyed: a damaged or
         * planted file must not make unlocking exhaust the heap. Four times the default.
         */
        static final long MAX_MEMORY_BYTES = 256L << 20;
        /** Lanes run one after another, so p multiplies the time; 16 is far past any sensible setting. */
        static final int MAX_P = 16;

        public Scrypt {
            if (n < 2 || Integer.bitCount(n) != 1 || r < 1 || p < 1 || p > MAX_P || memoryBytes(n, r) > MAX_MEMORY_BYTES) {
                throw new IllegalArgumentException("scrypt parameters out of range: N=" + n + " r=" + r + " p=" + p
                        + " (N a power of two, at most " + (MAX_MEMORY_BYTES >> 20) + " MiB, p at most " + MAX_P + ")");
            }
        }

        long memoryBytes() {
            return memoryBytes(n, r);
        }

        private static long memoryBytes(int n, int r) {
            return 128L * n * r;
        }

        @Override
        public byte[] deriveKey(char[] passphrase, byte[] salt) {
            byte[] bytes = utf8(passphrase);
            try {
                return SCrypt.generate(bytes, salt, n, r, p, PassphraseCipher.KEY_BYTES);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /**
     * PBKDF2-HMAC-SHA256, what wallets encrypted before scrypt used (the JDK encodes the
     * passphrase as UTF-8). Still read; changing the passphrase moves a wallet to {@link #DEFAULT}.
     */
    record Pbkdf2Sha256(int iterations) implements KeyDerivation {
        /** Ten times OWASP's 2023 figure; a file asking for more is damaged or hostile. */
        static final int MAX_ITERATIONS = 6_000_000;

        public Pbkdf2Sha256 {
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("PBKDF2 iterations out of range: " + iterations);
            }
        }

        @Override
        public byte[] deriveKey(char[] passphrase, byte[] salt) {
            return PassphraseCipher.deriveKey(passphrase, salt, iterations);
        }
    }

    /** The passphrase's UTF-8 bytes in an array the caller zeroes; no String is made of it. */
    private static byte[] utf8(char[] passphrase) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(CharBuffer.wrap(passphrase));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the passphrase is not valid Unicode (a lone surrogate)");
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
