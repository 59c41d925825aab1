package minicoin.wallet;

import java.util.Objects;
import minicoin.crypto.Address;

/**
 * One output of a payment to several addresses ({@code sendmany}).
 *
 * @param subtractFee the fee is taken out of this output rather than added on top, shared equally
 *                    with the other outputs that say so (Bitcoin Core's {@code subtractfeefrom})
 */
public record Payee(Address address, long amount, boolean subtractFee) {

    public Payee {
        Objects.requireNonNull(address, "address");
    }
}
