package minicoin.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import minicoin.wallet.WalletStore;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * What a passphrase costs (docs/wallet.md): the first derivation in a fresh JVM (encryptwallet),
 * then repeated unlocks, each one scrypt derivation and a check, as walletpassphrase does it; then
 * the candidates the choice was made among, each derived alone.
 */
final class WalletBench {

    /** Unlocks timed after the first: enough for a median on a busy machine, a few seconds in all. */
    private static final int UNLOCKS = 15;
    /** Derivations per candidate, after two untimed ones that warm the JIT. */
    private static final int CANDIDATE_RUNS = 5;

    private WalletBench() {
    }

    static void kdf() throws Exception {
        char[] passphrase = "a passphrase for the benchmark".toCharArray();
        try (WalletStore wallet = WalletStore.inMemory()) {
            wallet.createAddress();
            long start = System.nanoTime();
            wallet.encrypt(passphrase);
            double first = (System.nanoTime() - start) / 1e6;
            double[] unlocks = new double[UNLOCKS];
            for (int i = 0; i < UNLOCKS; i++) {
                long t = System.nanoTime();
                wallet.unlock(passphrase);
                unlocks[i] = (System.nanoTime() - t) / 1e6;
                wallet.lock();
            }
            Arrays.sort(unlocks);
            System.out.printf(Locale.ROOT, "kdf      encryptwallet (first derivation, cold) %.0f ms   walletpassphrase"
                            + " (scrypt N=2^16 r=8 p=1, 64 MiB) median %.0f ms, min %.0f ms, max %.0f ms over %d%n",
                    first, unlocks[UNLOCKS / 2], unlocks[0], unlocks[UNLOCKS - 1], UNLOCKS);
        }
        byte[] salt = new byte[16];
        byte[] bytes = new String(passphrase).getBytes(StandardCharsets.UTF_8);
        candidate("PBKDF2-HMAC-SHA256 600,000 (before)", () -> pbkdf2("PBKDF2WithHmacSHA256", passphrase, salt, 600_000));
        candidate("PBKDF2-HMAC-SHA512 210,000 (OWASP)", () -> pbkdf2("PBKDF2WithHmacSHA512", passphrase, salt, 210_000));
        for (int logN = 15; logN <= 17; logN++) {
            int n = 1 << logN;
            candidate("scrypt N=2^" + logN + " r=8 p=1, " + (128L * n * 8 >> 20) + " MiB", () -> SCrypt.generate(bytes, salt, n, 8, 1, 32));
        }
    }

    private static byte[] pbkdf2(String algorithm, char[] passphrase, byte[] salt, int iterations) throws Exception {
        return SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(passphrase, salt, iterations, 256)).getEncoded();
    }

    private static void candidate(String name, Callable<byte[]> derivation) throws Exception {
        derivation.call();
        derivation.call();
        double[] runs = new double[CANDIDATE_RUNS];
        for (int i = 0; i < CANDIDATE_RUNS; i++) {
            long t = System.nanoTime();
            derivation.call();
            runs[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(runs);
        System.out.printf(Locale.ROOT, "kdf      %-40s median %.0f ms, min %.0f ms%n", name, runs[CANDIDATE_RUNS / 2], runs[0]);
    }
}
