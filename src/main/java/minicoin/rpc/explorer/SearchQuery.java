package minicoin.rpc.explorer;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;

/**
 * What the search box was given, and the page that shows it: a height, a 64-digit hash (a block's
 * hash or a txid: the block is tried first), or an address. Anything else is no page at all.
 */
public record SearchQuery(Kind kind, String value) {

    /** Longest text worth looking at: a hash is 64 characters, an address at most 35. */
    static final int MAX_QUERY_CHARS = 100;
    /** Heights a chain of 10-minute blocks reaches in far more than a lifetime; more digits are not a height. */
    private static final int MAX_HEIGHT_DIGITS = 9;
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern HEIGHT = Pattern.compile("\\d{1," + MAX_HEIGHT_DIGITS + "}");

    public enum Kind { HEIGHT, HASH, ADDRESS }

    /** The query a search for {@code text} means, if any. */
    public static Optional<SearchQuery> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_QUERY_CHARS) {
            return Optional.empty();
        }
        if (HEIGHT.matcher(trimmed).matches()) {
            return Optional.of(new SearchQuery(Kind.HEIGHT, Long.toString(Long.parseLong(trimmed))));
        }
        if (HASH.matcher(trimmed).matches()) {
            return Optional.of(new SearchQuery(Kind.HASH, trimmed.toLowerCase(Locale.ROOT)));
        }
        try {
            return Optional.of(new SearchQuery(Kind.ADDRESS, Address.parse(trimmed).toString()));
        } catch (AddressFormatException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
