package minicoin.wallet;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child process for {@link WalletCrashTest}: opens the wallet in a data directory, prints
 * {@code opened N} with the number of addresses it found, then creates addresses until it is
 * killed, printing each only after {@link WalletStore#createAddress()} returned. It exits by
 * itself when its standard input closes, so it never outlives the test that started it.
 */
public final class WalletCrashChild {

    static final String OPENED = "opened ";

    private WalletCrashChild() {
    }

    public static void main(String[] args) throws IOException, WalletException {
        Thread parentWatch = new Thread(WalletCrashChild::exitWhenStdinCloses, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        try (WalletStore wallet = WalletStore.open(Path.of(args[0]))) {
            System.out.println(OPENED + wallet.addresses().size());
            while (true) {
                System.out.println(wallet.createAddress());
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
