package minicoin.wallet;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child process for {@link EncryptionCrashTest}: opens the plaintext wallet in a data directory,
 * prints {@code opened}, encrypts it under {@link #FIRST} and prints {@code encrypted}, then changes
 * the passphrase back and forth between {@link #FIRST} and {@link #SECOND}, printing {@code changed
 * P} after each change returned, until it is killed. Every step reseals every key in one commit. It
 * exits by itself when its standard input closes, so it never outlives the test that started it.
 */
public final class EncryptionCrashChild {

    static final String OPENED = "opened";
    static final String ENCRYPTED = "encrypted";
    static final String CHANGED = "changed ";
    static final String FIRST = "first passphrase";
    static final String SECOND = "second passphrase";

    private EncryptionCrashChild() {
    }

    public static void main(String[] args) throws IOException, WalletException {
        Thread parentWatch = new Thread(EncryptionCrashChild::exitWhenStdinCloses, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        try (WalletStore wallet = WalletStore.open(Path.of(args[0]))) {
            System.out.println(OPENED);
            wallet.encrypt(FIRST.toCharArray(), WalletFixtures.TEST_KDF);
            System.out.println(ENCRYPTED);
            String current = FIRST;
            while (true) {
                String next = current.equals(FIRST) ? SECOND : FIRST;
                wallet.changePassphrase(current.toCharArray(), next.toCharArray(), WalletFixtures.TEST_KDF);
                System.out.println(CHANGED + next);
                current = next;
            }
        }
    }

    private static void exitWhenStdinCloses() {
        try {
            while (System.in.read() >= 0) {
                // The parent writes nothing; reading only waits for it to go away.
            }
        } catch (IOException e) {
            // A broken pipe means the same: the parent is gone.
        }
        System.exit(1);
    }
}
