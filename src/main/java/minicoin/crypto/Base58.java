package minicoin.crypto;

import java.util.Arrays;

/**
 * Bitcoin's Base58: big-endian base-58 digits over an alphabet without look-alike characters,
 * where each leading zero byte is written as a leading '1'.
 */
public final class Base58 {

    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final char ZERO_DIGIT = ALPHABET.charAt(0);
    private static final int RADIX = 58;
    /** Digit value of each ASCII character, -1 where the character is not in the alphabet. */
    private static final int[] DIGITS = new int[128];

    static {
        Arrays.fill(DIGITS, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGITS[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58() {
    }

    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // log(256)/log(58) ≈ 1.37 digits per byte; 138/100 rounds up.
        char[] digits = new char[data.length * 138 / 100 + 1];
        int used = 0;
        byte[] number = Arrays.copyOfRange(data, zeros, data.length);
        int start = 0;
        while (start < number.length) {
            int remainder = divide(number, start, 256, RADIX);
            digits[used++] = ALPHABET.charAt(remainder);
            while (start < number.length && number[start] == 0) {
                start++;
            }
        }
        StringBuilder out = new StringBuilder(zeros + used);
        for (int i = 0; i < zeros; i++) {
            out.append(ZERO_DIGIT);
        }
        for (int i = used - 1; i >= 0; i--) {
            out.append(digits[i]);
        }
        return out.toString();
    }

    public static byte[] decode(String text) throws AddressFormatException {
        byte[] number = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < DIGITS.length ? DIGITS[c] : -1;
            if (digit < 0) {
                throw new AddressFormatException(AddressFormatException.Reason.BAD_CHARACTER,
                        "invalid Base58 character '" + c + "' at position " + i);
            }
            number[i] = (byte) digit;
        }
        int zeros = 0;
        while (zeros < number.length && number[zeros] == 0) {
            zeros++;
        }
        byte[] bytes = new byte[number.length];
        int used = 0;
        int start = zeros;
        while (start < number.length) {
            bytes[used++] = (byte) divide(number, start, RADIX, 256);
            while (start < number.length && number[start] == 0) {
                start++;
            }
        }
        byte[] out = new byte[zeros + used];
        for (int i = 0; i < used; i++) {
            out[out.length - 1 - i] = bytes[i];
        }
        return out;
    }

    /**
     * Divides the big-endian number held in {@code number[start..]} (digits in base {@code from})
     * by {@code divisor} in place and returns the remainder.
     */
    private static int divide(byte[] number, int start, int from, int divisor) {
        int remainder = 0;
        for (int i = start; i < number.length; i++) {
            int value = remainder * from + (number[i] & 0xff);
            number[i] = (byte) (value / divisor);
            remainder = value % divisor;
        }
        return remainder;
    }
}
