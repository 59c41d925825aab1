package minicoin.wallet;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passphrase encryption of wallet secrets with what the JDK ships: a 256-bit AES key stretched
 * from the passphrase by PBKDF2-HMAC-SHA256, and AES-GCM, which also detects a wrong key or a
 * changed byte. A sealed box is the random nonce followed by the ciphertext and its tag.
 */
final class PassphraseCipher {

    static final int SALT_BYTES = 16;
    /** GCM's recommended nonce size; random nonces are safe for the few thousand boxes a wallet holds. */
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int KEY_BYTES = 32;

    private static final String KDF = "PBKDF2WithHmacSHA256";
    private static final String AEAD = "AES/GCM/NoPadding";

    private PassphraseCipher() {
    }

    /** The sealed size of {@code plainBytes} bytes. */
    static int sealedBytes(int plainBytes) {
        return NONCE_BYTES + plainBytes + TAG_BYTES;
    }

    static byte[] newSalt(SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    /** The AES key for a passphrase; the caller zeroes it when done. */
    static byte[] deriveKey(char[] passphrase, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, KEY_BYTES * Byte.SIZE);
        try {
            return SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime must provide PBKDF2WithHmacSHA256.
            throw new IllegalStateException("this Java runtime lacks " + KDF, e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Encrypts {@code plain} bound to {@code context}, which must be offered again to open the box. */
    static byte[] seal(byte[] key, byte[] plain, byte[] context, SecureRandom random) {
        byte[] box = new byte[sealedBytes(plain.length)];
        random.nextBytes(box); // only the first NONCE_BYTES are kept; the rest is overwritten
        try {
            Cipher cipher = Cipher.getInstance(AEAD);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * Byte.SIZE, box, 0, NONCE_BYTES));
            cipher.updateAAD(context);
            cipher.doFinal(plain, 0, plain.length, box, NONCE_BYTES);
            return box;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a box sealed under {@code key} and {@code context}.
     *
     * @throws AEADBadTagException when the key is wrong or the box or context changed
     */
    static byte[] open(byte[] key, byte[] box, byte[] context) throws AEADBadTagException {
        if (box.length < NONCE_BYTES + TAG_BYTES) {
            throw new AEADBadTagException("sealed box too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(AEAD);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * Byte.SIZE, Arrays.copyOf(box, NONCE_BYTES)));
            cipher.updateAAD(context);
            return cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}
