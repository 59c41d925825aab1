package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import minicoin.core.Bytes;
import minicoin.core.Hash;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    private static SignatureCheck check(PrivateKey key, String message, boolean valid) {
        byte[] hash = Hashes.sha256(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] signature = key.sign(hash);
        byte[] signed = valid ? hash : Hashes.sha256(hash);
        return new SignatureCheck(Hash.ZERO, 0, Bytes.of(key.publicKey().toBytes()), Hash.of(signed), Bytes.of(signature));
    }

    @Test
    void validSignaturesEnterTheCacheAndInvalidOnesNever() {
        SignatureCache cache = new SignatureCache(10);
        SignatureVerifier verifier = new SignatureVerifier(cache, ForkJoinPool.commonPool());
        PrivateKey key = TestBlocks.key("signer");
        assertTrue(verifier.verify(check(key, "a", true)));
        assertEquals(1, cache.size());
        assertFalse(verifier.verify(check(key, "b", false)));
        assertEquals(1, cache.size());
        SignatureCheck good = check(key, "a", true);
        assertTrue(cache.contains(good.sigHash().toArray(), good.publicKey().toArray(), good.signature().toArray()));
    }

    @Test
    void theCacheForgetsTheOldestBeyondItsCapacity() {
        SignatureCache cache = new SignatureCache(3);
        for (int i = 0; i < 5; i++) {
            cache.add(new byte[] {(byte) i}, new byte[33], new byte[8]);
        }
        assertEquals(3, cache.size());
        assertFalse(cache.contains(new byte[] {0}, new byte[33], new byte[8]));
        assertTrue(cache.contains(new byte[] {4}, new byte[33], new byte[8]));
    }

    @Test
    void aBlockWorthOfChecksReportsTheFirstFailureInOrder() {
        SignatureVerifier verifier = SignatureVerifier.withDefaults();
        PrivateKey key = TestBlocks.key("signer");
        List<SignatureCheck> checks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            checks.add(check(key, "m" + i, i != 60 && i != 80));
        }
        assertEquals(checks.get(60), verifier.firstFailure(checks).orElseThrow());
        assertTrue(verifier.firstFailure(checks.subList(0, 60)).isEmpty());
    }
}
