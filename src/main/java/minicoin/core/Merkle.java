package minicoin.core;

import java.security.MessageDigest;
import java.util.List;
import minicoin.crypto.Hashes;

/** Bitcoin's Merkle tree: pairs hashed with double SHA-256, an odd level's last hash paired with itself. */
public final class Merkle {

    private Merkle() {
    }

    /**
     * The root over {@code leaves}. Duplicating the last hash means two different transaction lists
     * can share a root (CVE-2012-2459), which is why a block with a repeated transaction is invalid.
     */
    public static Hash root(List<Hash> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        byte[][] level = new byte[leaves.size()][];
        for (int i = 0; i < level.length; i++) {
            level[i] = leaves.get(i).unsafeArray();
        }
        MessageDigest sha256 = Hashes.newSha256();
        int count = level.length;
        while (count > 1) {
            int next = 0;
            for (int i = 0; i < count; i += 2) {
                byte[] left = level[i];
                byte[] right = i + 1 < count ? level[i + 1] : left;
                sha256.update(left);
                sha256.update(right);
                level[next++] = sha256.digest(sha256.digest());
            }
            count = next;
        }
        return Hash.wrap(level[0].clone());
    }

    public static Hash rootOf(List<Transaction> transactions) {
        return root(transactions.stream().map(Transaction::fullHash).toList());
    }
}
