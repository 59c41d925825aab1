package minicoin.chaos;

/** A payment a node's wallet answered with a txid, {@code atMillis} after the run's start. */
public record Payment(String txid, int sender, int receiver, long atMillis) {
}
