package minicoin.chaos;

/** One invariant of a run: held or broken, and the evidence either way. */
public record InvariantResult(String name, boolean held, String evidence) {

    @Override
    public String toString() {
        return (held ? "HELD   " : "BROKEN ") + name + ": " + evidence;
    }
}
